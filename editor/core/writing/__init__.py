"""The writer's text tools, with no Qt: search, formatting, lists, counting, outline, spelling.

The source pane applies what these return; each function takes text and positions (Python
characters) and gives back text and positions, so each is tested without a display.
"""
