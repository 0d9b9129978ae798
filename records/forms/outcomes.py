"""The course-outcome upload form: section, title, summary, a document or photos, and media."""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from records.services.outcomes import OutcomeContent
from records.uploads import DOCUMENT, MEDIA, combine_images_to_pdf, prepare_upload

DOCUMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,application/pdf,image/jpeg,image/png,image/heic"
PHOTO_ACCEPT = ".jpg,.jpeg,.png,.heic,image/jpeg,image/png,image/heic"
MEDIA_ACCEPT = ".mp3,.mp4,audio/mpeg,video/mp4"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files from one input and cleans each one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        cleaned = super().clean(data, initial)
        return [cleaned] if cleaned else []


class OutcomeForm(forms.Form):
    """Upload or revise a course outcome.

    Cleaning checks and converts the files (records.uploads), so
    `content()` returns PreparedFile objects ready to store. When editing,
    leaving a file input empty keeps the file already stored.
    """

    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    section = forms.ModelChoiceField(
        label=_("Course"),
        queryset=None,
        empty_label=_("Choose one of your courses"),
        error_messages={
            "required": _("Choose the course this outcome belongs to."),
            "invalid_choice": _(
                "That course is not one of your credit-bearing courses this semester; choose "
                "one from the list."
            ),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=100,
        error_messages={"required": _("Write a title for the outcome.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you made and learned, in at most 100 characters."),
        error_messages={"required": _("Write a short summary of the outcome.")},
    )
    # Empty files pass the field so that prepare_upload names them in its message.
    document = forms.FileField(
        label=_("Document"),
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
        help_text=_("PDF, JPG or PNG, at most 4 MB. Photos that are too large are reduced."),
    )
    photos = MultipleFileField(
        label=_("Or several photos, combined into one PDF"),
        required=False,
        allow_empty_file=True,
        widget=MultipleFileInput(attrs={"accept": PHOTO_ACCEPT}),
        help_text=_("Choose the photos of your pages in order; each becomes one page."),
    )
    media = forms.FileField(
        label=_("Audio or video"),
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": MEDIA_ACCEPT}),
        help_text=_("MP3 or MP4, at most 10 MB."),
    )

    def __init__(self, *args, sections, outcome=None, **kwargs):
        if outcome is not None:
            kwargs.setdefault(
                "initial",
                {"section": outcome.section_id, "title": outcome.title, "summary": outcome.summary},
            )
        else:
            kwargs.setdefault("initial", {"client_token": uuid.uuid4()})
        super().__init__(*args, **kwargs)
        self.outcome = outcome
        self.fields["section"].queryset = sections
        self.fields["section"].label_from_instance = self.section_label
        limit = settings.PORTFOLIO["SUMMARY_MAX_CHARS"]
        self.fields["summary"].max_length = limit
        self.fields["summary"].widget.attrs.update({"maxlength": limit, "data-counter": limit})
        self.fields["summary"].help_text = _(
            "What you made and learned, in at most %(limit)s characters."
        ) % {"limit": limit}
        self.fields["summary"].validators.append(self.check_summary_length)
        self.notices = []

    @staticmethod
    def section_label(section):
        return f"{section.name}（{section.teacher.name}）"

    @staticmethod
    def check_summary_length(value):
        limit = settings.PORTFOLIO["SUMMARY_MAX_CHARS"]
        if len(value) > limit:
            raise ValidationError(
                _("The summary has %(count)s characters; shorten it to at most %(limit)s."),
                code="summary_too_long",
                params={"count": len(value), "limit": limit},
            )

    def clean_summary(self):
        # Browsers send line breaks as CRLF but count them as one character.
        return self.cleaned_data["summary"].replace("\r\n", "\n")

    def clean_document(self):
        uploaded = self.cleaned_data.get("document")
        if not uploaded:
            return None
        prepared = prepare_upload(uploaded, DOCUMENT)
        self.notices.extend(prepared.notices)
        return prepared

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        if not photos:
            return None
        prepared = combine_images_to_pdf(photos)
        self.notices.extend(prepared.notices)
        return prepared

    def clean_media(self):
        uploaded = self.cleaned_data.get("media")
        if not uploaded:
            return None
        prepared = prepare_upload(uploaded, MEDIA)
        self.notices.extend(prepared.notices)
        return prepared

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("document") and cleaned.get("photos"):
            self.add_error(
                "photos",
                _(
                    "You chose a document and photos to combine. Keep only one of them: "
                    "empty the document field or the photos field."
                ),
            )
        has_old_file = self.outcome is not None and (
            self.outcome.document_id or self.outcome.media_id
        )
        no_file_field_failed = not {"document", "photos", "media"} & set(self.errors)
        if (
            no_file_field_failed
            and not has_old_file
            and not (cleaned.get("document") or cleaned.get("photos") or cleaned.get("media"))
        ):
            self.add_error(
                "document",
                _(
                    "Attach a document (PDF, JPG or PNG), several photos, an audio or video "
                    "file (MP3 or MP4), or a document and a video."
                ),
            )
        if self.errors and self.files:
            self.add_error(
                None,
                _(
                    "What you typed is kept, but browsers forget chosen files: choose your "
                    "files again before sending."
                ),
            )
        return cleaned

    def content(self) -> OutcomeContent:
        data = self.cleaned_data
        return OutcomeContent(
            section=data["section"],
            title=data["title"],
            summary=data["summary"],
            document=data.get("document") or data.get("photos"),
            media=data.get("media"),
        )
