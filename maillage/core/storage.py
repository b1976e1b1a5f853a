"""Static files storage for production: WhiteNoise's compressed, hashed files.

Vendored minified files point at source maps that we do not ship (Leaflet's `leaflet.js.map`);
the stock storage refuses to collect them. Here only CSS `url()` and `@import` references are
rewritten to their hashed names; source-map comments are left as they are (browsers only fetch
them with the developer tools open, and a missing map is harmless).
"""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    kept = []
    for extension, rules in patterns:
        rules = tuple(
            rule
            for rule in rules
            if "sourceMappingURL" not in (rule[0] if isinstance(rule, tuple) else rule)
        )
        if rules:
            kept.append((extension, rules))
    return tuple(kept)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(ManifestStaticFilesStorage.patterns)
