"""Sending stored files, only to users who may read them (records.services.files)."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from records.services.files import get_file_for_user
from records.serving import protected_file_response


def _send(request, file_id: int, inline: bool):
    stored = get_file_for_user(request.user, file_id)
    return protected_file_response(
        stored.file, stored.original_name, stored.content_type, inline=inline, request=request
    )


@xframe_options_sameorigin
@login_required
@require_GET
def file_preview(request, file_id):
    """Show the file in the browser (PDF viewer, image, audio or video player).

    The certification queue shows PDFs in an iframe of our own pages, so this
    view allows framing by the same origin where the rest of the site denies it.
    """
    return _send(request, file_id, inline=True)


@login_required
@require_GET
def file_download(request, file_id):
    """Send the file as a download under its original name."""
    return _send(request, file_id, inline=False)
