"""A test-only app (installed when settings.TESTING): records of a network, archivable, with a
child, so that retention and network export/purge are proven on models like the real ones."""
