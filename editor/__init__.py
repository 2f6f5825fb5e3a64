"""The post editor: a desktop editor for Markdown blog posts with front matter."""

__version__ = "0.1.0"
