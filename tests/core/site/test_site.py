import os
from datetime import date
from pathlib import Path

import pytest

from editor.core.paths import resources_dir
from editor.core.site import Site, filename_date, slugify


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def jekyll(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write(root / "_config.yml", "title: Blog\nbaseurl: /blog\npermalink: /:year/:month/:title/\n")
    write(root / "_posts/2020-01-02-first.md", "---\ntitle: First\n---\nHello\n")
    write(root / "_posts/2021-03-04-second.md", "---\ntitle: Second\ncategories: [a]\n---\n")
    write(root / "_posts/sub/2019-05-06-nested.markdown", "---\ntitle: Nested\n---\n")
    write(root / "_drafts/idea.md", "---\ntitle: Idea\n---\n")
    write(root / "_layouts/post.html", "{{ content }}")
    write(root / "assets/images/a.png", "png")
    return root


def test_open_finds_the_jekyll_root_from_anywhere(jekyll: Path):
    for start in (jekyll, jekyll / "_posts", jekyll / "_posts/2020-01-02-first.md"):
        site = Site.open(start)
        assert site.root == jekyll.resolve()
        assert site.kind == "jekyll"
        assert site.config["title"] == "Blog"
        assert site.baseurl == "/blog"


def test_entries_list_posts_and_drafts_newest_first(jekyll: Path):
    entries = Site.open(jekyll).entries()
    assert [e.title for e in entries] == ["Second", "First", "Nested", "Idea"]
    assert [e.draft for e in entries] == [False, False, False, True]
    assert entries[1].date == date(2020, 1, 2)


def test_a_plain_folder_is_a_site(tmp_path: Path):
    write(tmp_path / "notes/one.md", "# One\n")
    site = Site.open(tmp_path / "notes")
    assert site.kind == "folder"
    assert [e.title for e in site.entries()] == ["one"]


def test_hugo_site(tmp_path: Path):
    write(tmp_path / "hugo.toml", 'baseURL = "https://example.org/"\n')
    write(tmp_path / "content/posts/hello.md", '+++\ntitle = "Hello"\ndraft = true\n+++\n')
    write(tmp_path / "static/img/x.png", "png")
    site = Site.open(tmp_path / "content/posts/hello.md")
    assert site.kind == "hugo"
    [entry] = site.entries()
    assert entry.title == "Hello" and entry.draft
    assert site.resolve_url("/img/x.png") == (tmp_path / "static/img/x.png").resolve()


def test_layouts_and_post_url(jekyll: Path):
    site = Site.open(jekyll)
    assert site.layouts() == ["post"]
    assert site.post_url("2020-01-02-first") == "/blog/2020/01/first/"
    assert site.post_url("sub/2019-05-06-nested") == "/blog/2019/05/nested/"
    assert site.post_url("missing") is None


def test_permalink_path_placeholder_is_the_path_inside_the_posts_folder(jekyll: Path):
    """Jekyll's ``:path`` (checked against a real build: ``/p/:path/`` gives
    ``/p/2020-01-01-name/``)."""
    write(jekyll / "_config.yml", "baseurl: /blog\npermalink: /p/:path/\n")
    site = Site.open(jekyll)
    assert site.post_url("2020-01-02-first") == "/blog/p/2020-01-02-first/"
    assert site.post_url("sub/2019-05-06-nested") == "/blog/p/sub/2019-05-06-nested/"


def test_resolve_url_stays_inside_the_site(jekyll: Path, tmp_path: Path):
    site = Site.open(jekyll)
    post = jekyll / "_posts/2020-01-02-first.md"
    image = (jekyll / "assets/images/a.png").resolve()
    assert site.resolve_url("/assets/images/a.png") == image
    assert site.resolve_url("/blog/assets/images/a.png") == image
    assert site.resolve_url("{{ site.baseurl }}/assets/images/a.png") == image
    assert site.resolve_url("assets/images/a.png", post) == image
    assert site.resolve_url("../assets/images/a.png", post) == image
    assert site.resolve_url("/assets/images/a%2Epng") == image
    write(tmp_path / "secret.txt", "secret")
    assert site.resolve_url("../../secret.txt", post) is None
    assert site.resolve_url("/%2e%2e/secret.txt") is None
    assert site.resolve_url("https://example.org/a.png") is None
    assert site.resolve_url("file:///etc/passwd") is None
    os.symlink(tmp_path / "secret.txt", jekyll / "assets/link.txt")
    assert site.resolve_url("/assets/link.txt") is None


def test_new_post_path_follows_title_and_date(jekyll: Path):
    site = Site.open(jekyll)
    path = site.new_post_path("Hello, World!", when=date(2024, 2, 3))
    assert path == jekyll.resolve() / "_posts/2024-02-03-hello-world.md"
    assert site.new_post_path("Idea", draft=True) == jekyll.resolve() / "_drafts/idea-2.md"


def test_slug_and_filename_date():
    assert slugify("Ça marche — vraiment?") == "ça-marche-vraiment"
    assert filename_date(Path("2017-2-5-i-dont-like-zeroes.md")) == (
        date(2017, 2, 5),
        "i-dont-like-zeroes",
    )
    assert filename_date(Path("about.md")) == (None, "about")


def test_bundled_sample_site_is_a_jekyll_site():
    site = Site.open(resources_dir() / "sample_site")
    assert site.kind == "jekyll"
    titles = [e.title for e in site.entries()]
    assert len(titles) >= 4
    assert any(e.draft for e in site.entries())
    assert site.css_files()


def test_entries_are_read_once_and_refreshed_per_post(jekyll: Path):
    site = Site.open(jekyll)
    first = site.entries()
    post = jekyll / "_posts/2020-01-02-first.md"
    post.write_text("---\ntitle: First, renamed\n---\n", encoding="utf-8")
    assert site.entries() == first  # no re-read of the whole site
    site.refresh_entry(post)
    assert "First, renamed" in [e.title for e in site.entries()]
    new = jekyll / "_posts/2022-01-01-new.md"
    new.write_text("---\ntitle: New\n---\n", encoding="utf-8")
    site.refresh_entry(new)
    assert [e.title for e in site.entries()][:2] == ["New", "Second"]  # 2022 before 2021
    new.unlink()
    site.refresh_entry(new)
    assert "New" not in [e.title for e in site.entries()]


def test_jekyll_style_dates_and_front_matter_slug(jekyll: Path):
    write(
        jekyll / "_drafts/dated.md",
        "---\ntitle: Dated\ndate: 2024-03-03 10:00:00 +0100\n---\n",
    )
    write(
        jekyll / "_posts/2024-05-17-x.md",
        "---\ntitle: X\ndate: 2024-06-01 08:00:00 +0200\nslug: custom-slug\n---\n",
    )
    site = Site.open(jekyll)
    dated = next(e for e in site.entries() if e.title == "Dated")
    assert dated.date is not None and dated.date.year == 2024 and dated.date.month == 3
    assert site.post_url("2024-05-17-x") == "/blog/2024/06/custom-slug/"


@pytest.mark.parametrize("config", ["config.yaml", "hugo.toml", "config/_default/hugo.toml"])
def test_hugo_site_found_from_its_content_folder(tmp_path: Path, config: str):
    write(tmp_path / config, "title = 'x'\n" if config.endswith("toml") else "title: x\n")
    write(tmp_path / "content/posts/hello.md", "---\ntitle: Hello\n---\n")
    write(tmp_path / "static/images/a.png", "png")
    site = Site.open(tmp_path / "content/posts")
    assert site.kind == "hugo" and site.root == tmp_path.resolve()
    assert site.resolve_url("/images/a.png") == (tmp_path / "static/images/a.png").resolve()


def test_css_compiled_into_site_comes_first_newest_first(tmp_path: Path):
    import os

    root = tmp_path / "blog"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("theme: minima\n", encoding="utf-8")
    (root / "assets" / "css").mkdir(parents=True)
    (root / "assets" / "main.scss").write_text("@import 'minima';\n", encoding="utf-8")
    (root / "assets" / "css" / "extra.css").write_text("p{}", encoding="utf-8")
    (root / "_site" / "assets" / "css").mkdir(parents=True)
    minima = root / "_site" / "assets" / "main.css"
    style = root / "_site" / "assets" / "css" / "style.css"
    copied = root / "_site" / "assets" / "css" / "extra.css"
    for index, path in enumerate((style, copied, minima)):
        path.write_text("body{}", encoding="utf-8")
        os.utime(path, (1_000_000 + index, 1_000_000 + index))
    files = Site.open(root).css_files()
    assert files == [minima, copied, style]  # built CSS, newest first; the source copy once
    assert not any(p.suffix == ".scss" for p in files)
