"""Pure-Python core: never imports Qt."""
