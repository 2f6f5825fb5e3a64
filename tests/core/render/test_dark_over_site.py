"""The dark preview theme wins over the site's own CSS: its override comes after the site's."""

from editor.core.paths import resources_dir
from editor.core.render.context import RenderContext, RenderOptions
from editor.core.render.template import styles
from editor.core.site import Site


def test_dark_theme_comes_after_the_site_css():
    site = Site.open(resources_dir() / "sample_site")
    dark = styles(RenderContext(site, None, {}, RenderOptions(theme="dark", use_site_css=True)))
    assert dark.index("main.css") < dark.index("dark-over-site.css")
    light = styles(RenderContext(site, None, {}, RenderOptions(theme="light", use_site_css=True)))
    assert "dark-over-site" not in light
    alone = styles(RenderContext(site, None, {}, RenderOptions(theme="dark", use_site_css=False)))
    assert "dark-over-site" not in alone and "dark.css" in alone
