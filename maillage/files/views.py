"""The only way a stored file leaves the server: after the owner's access check, audited, as an
attachment that a browser will neither sniff nor run."""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from maillage.access.decorators import login_required_404
from maillage.audit import record
from maillage.files.permissions import get_stored_file_for_user


def _protect(response: HttpResponse, stored_file) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, stored_file.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "no-store, private"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@login_required_404
@require_GET
def download(request, public_id):
    stored_file = get_stored_file_for_user(request.user, public_id)
    record(
        "files.file.downloaded",
        request=request,
        network=stored_file.network,
        target=stored_file,
        details={"use": stored_file.use, "sha256": stored_file.sha256},
    )
    prefix = settings.FILES_X_ACCEL_PREFIX
    if prefix:
        # The web server sends the bytes (location marked `internal`, see docs/files.md).
        response = HttpResponse(content_type=stored_file.content_type)
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{stored_file.storage_name}"
    else:
        response = FileResponse(stored_file.path.open("rb"), content_type=stored_file.content_type)
    return _protect(response, stored_file)
