"""Views of the documents app: the staff library and the public site of each network."""
