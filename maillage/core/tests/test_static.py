"""Production static files: collectstatic with hashed names succeeds on the vendored files."""

from django.core.management import call_command

from maillage.core.storage import StaticFilesStorage


class UncompressedStorage(StaticFilesStorage):
    """The production storage without the (slow, WhiteNoise-tested) gzip/brotli step."""

    def compress_files(self, paths):
        yield from ()


def test_collectstatic_succeeds_with_the_production_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": f"{__name__}.UncompressedStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    storage = StaticFilesStorage(location=tmp_path)
    for name in (
        "maillage/app.css",
        "vendor/htmx-2.0.7/htmx.min.js",
        "vendor/leaflet-1.9.4/leaflet.js",
    ):
        hashed = storage.stored_name(name)
        assert hashed != name and (tmp_path / hashed).is_file()
    # The stylesheet's images point at their hashed names.
    css = (tmp_path / storage.stored_name("vendor/leaflet-1.9.4/leaflet.css")).read_text()
    assert "images/layers." in css and "images/layers.png" not in css
