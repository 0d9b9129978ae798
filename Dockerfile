# The platform's image: web (gunicorn), Celery worker and Celery beat all run it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=portfolio.settings

# Fonts and Pango for WeasyPrint PDFs, libmagic for sniffing uploads,
# gettext for compiling the zh_Hant catalogue.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 libmagic1 poppler-utils gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Static files and translations are built into the image; SECRET_KEY here is
# only for these two commands and never reaches a running container.
RUN SECRET_KEY=image-build-only python manage.py compilemessages --ignore=.venv --verbosity 0 \
 && SECRET_KEY=image-build-only python manage.py collectstatic --noinput --verbosity 0

RUN useradd --system --uid 1000 --home-dir /app portfolio \
 && mkdir -p /app/var \
 && chown -R portfolio /app/var
USER portfolio

EXPOSE 8000
CMD ["gunicorn", "portfolio.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
