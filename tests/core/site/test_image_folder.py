from pathlib import Path

from editor.core.site import Site
from editor.core.site.images import clean_file_name, image_markdown, site_image_url


def make_site(root: Path, config: str = "") -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(config, encoding="utf-8")
    return root


def test_clean_names():
    assert clean_file_name("My Holiday Photo.PNG") == "my-holiday-photo.png"
    assert clean_file_name("  ---.jpg") == "image.jpg"


def test_folder_detected_from_the_posts_then_the_schema_file_wins(tmp_path: Path):
    root = make_site(tmp_path / "site")
    (root / "media" / "pics").mkdir(parents=True)
    (root / "media" / "pics" / "a.png").write_bytes(b"x")
    (root / "assets" / "images").mkdir(parents=True)
    (root / "_posts" / "2024-01-01-a.md").write_text(
        "---\ntitle: A\n---\n![a](/media/pics/a.png)\n", encoding="utf-8"
    )
    assert Site.open(root).images_folder() == (root / "media" / "pics").resolve()
    (root / ".post-editor.yml").write_text("images:\n  folder: static/img\n", encoding="utf-8")
    assert Site.open(root).images_folder() == (root / "static" / "img").resolve()


def test_default_folder_and_baseurl_aware_url(tmp_path: Path):
    root = make_site(tmp_path / "site", "baseurl: /blog\n")
    site = Site.open(root)
    folder = site.images_folder()
    assert folder == (root / "assets" / "images").resolve()
    assert site_image_url(site, folder / "x.png") == "/blog/assets/images/x.png"
    assert site.resolve_url("/blog/assets/images/x.png") is None  # not there yet
    (folder).mkdir(parents=True)
    (folder / "x.png").write_bytes(b"x")
    assert site.resolve_url(site_image_url(site, folder / "x.png")) == folder / "x.png"
    assert image_markdown("/x.png", "alt") == ("![alt](/x.png)", 2, 5)
