"""Application resources: preview themes, templates, icons, the sample site."""
