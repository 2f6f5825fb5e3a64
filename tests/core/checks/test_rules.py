"""One test per rule: a post that triggers it, and one that does not."""

from __future__ import annotations

import pytest

from tests.core.checks.support import check_post, make_site, rules

POST = "---\nlayout: post\ntitle: A post\ndate: 2024-02-03\n---\n"


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path / "site")


# (rule, triggering post, clean post)
CASES = [
    ("mojibake", POST + "Hereâ€™s the plan.\n", POST + "Here’s the plan, café, naïve.\n"),
    (
        "mojibake",
        "---\nlayout: post\ntitle: Caf\u00c3\u00a9 notes\ndate: 2024-02-03\n---\nx\n",
        "---\nlayout: post\ntitle: Café notes\ndate: 2024-02-03\n---\nx\n",
    ),
    ("control-character", POST + "A bell\x07 here.\n", POST + "A tab\there.\n"),
    ("replacement-character", POST + "Lost \ufffd char.\n", POST + "Nothing lost.\n"),
    (
        "liquid-unbalanced",
        POST + "{% if page.x %}\nshown\n",
        POST + "{% if page.x %}\nshown\n{% endif %}\n",
    ),
    ("liquid-unbalanced", POST + "{% raw %}\n{{ x }}\n", POST + "{% raw %}{% if %}{% endraw %}\n"),
    (
        "front-matter-invalid",
        "---\nlayout: post\ntags: [a, b\n---\nx\n",
        "---\nlayout: post\ntags: [a, b]\n---\nx\n",
    ),
    (
        "yaml-trap",
        POST.replace("title: A post", "title: A post\nversion: 1.10") + "x\n",
        POST.replace("title: A post", "title: A post\nversion: '1.10'\npublished: no") + "x\n",
    ),
    ("filename-date", POST.replace("2024-02-03", "2024-02-05") + "x\n", POST + "x\n"),
    (
        "future-date",
        POST.replace("2024-02-03", "2030-01-01") + "x\n",
        POST.replace("2024-02-03", "2030-01-01").replace("layout: post", "published: false")
        + "x\n",
    ),
    ("unknown-layout", POST.replace("layout: post", "layout: postt") + "x\n", POST + "x\n"),
    (
        "image-missing",
        POST + "![A cat](/assets/images/cat.png)\n",
        POST + "![A cat]({{ '/assets/images/here.png' | relative_url }})\n",
    ),
    (
        "image-alt",
        POST + "![](/assets/images/here.png)\n",
        POST + '<img src="/assets/images/here.png" alt="Here">\n',
    ),
    (
        "post-url-missing",
        POST + "[next]({% post_url 2024-01-02-nope %})\n",
        POST + "[next]({% post_url 2024-01-01-first %})\n",
    ),
    ("post-url-missing", POST + "{% link missing.md %}\n", POST + "{% link about.md %}\n"),
    (
        "link-missing",
        POST + "[gone](/nowhere/)\n",
        POST + "[about](/about/) [first](/2024/01/01/first.html) [feed](/feed.xml)\n",
    ),
    ("link-missing", POST + "[gone](other-post.md)\n", POST + "[site](https://example.org/x.md)\n"),
    ("heading-skip", POST + "## Two\n\n#### Four\n", POST + "## Two\n\n### Three\n"),
    ("title-length", POST.replace("A post", "A" * 80) + "x\n", POST + "x\n"),
    (
        "description-length",
        POST.replace("title: A post", "title: A post\ndescription: " + "d" * 200) + "x\n",
        POST.replace("title: A post", "title: A post\ndescription: Short") + "x\n",
    ),
]


@pytest.mark.parametrize(("rule", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_triggers_and_does_not(site, rule, bad, good):
    assert rule in rules(check_post(site, bad))
    assert rule not in rules(check_post(site, good))


def test_required_field_from_the_schema_file(tmp_path):
    site = make_site(tmp_path / "s", schema="fields:\n  author: {required: true}\n")
    found = check_post(site, POST + "x\n")
    assert [(f.rule, f.field, f.line) for f in found] == [("required-field", "author", 1)]
    found = check_post(site, POST.replace("title: A post", "title: A post\nauthor: ''") + "x\n")
    assert [(f.rule, f.line) for f in found] == [("required-field", 4)]
    assert check_post(site, POST.replace("title: A", "author: Sam\ntitle: A") + "x\n") == []


def test_duplicate_urls_across_the_site(site):
    found = check_post(
        site, "---\nlayout: post\ntitle: x\npermalink: /2024/01/01/first.html\n---\n"
    )
    assert rules(found) == ["duplicate-url"]
    assert "_posts/2024-01-01-first.md" in found[0].message
    assert check_post(site, "---\nlayout: post\ntitle: x\npermalink: /other/\n---\n") == []


def test_unquoted_colon_in_a_title_is_explained_and_fixed(site):
    found = check_post(site, "---\nlayout: post\ntitle: Rust: a guide\n---\nx\n")
    assert [(f.rule, f.line, f.field) for f in found] == [("front-matter-invalid", 3, "title")]
    assert found[0].fix is not None and found[0].fix.safe
    assert found[0].fix.edits[0].new == 'title: "Rust: a guide"'


def test_boolean_words_in_boolean_fields_are_not_traps(site):
    text = POST.replace("layout: post", "layout: post\ncomments: no\ntags: [no, yes]") + "x\n"
    found = [f for f in check_post(site, text) if f.rule == "yaml-trap"]
    assert len(found) == 2 and all("tags" in f.message for f in found)


def test_mojibake_in_code_is_left_alone(site):
    text = POST + "The scar (`Hereâ€™s`) looks so.\n\n```\nHereâ€™s\n```\n"
    assert "mojibake" not in rules(check_post(site, text))


def test_themed_sites_may_use_layouts_they_do_not_hold(tmp_path):
    site = make_site(tmp_path / "s", config="theme: minima\n")
    assert "unknown-layout" not in rules(check_post(site, POST.replace("post\n", "home\n")))


def test_future_posts_are_fine_when_the_site_publishes_them(tmp_path):
    site = make_site(tmp_path / "s", config="future: true\n")
    assert "future-date" not in rules(check_post(site, POST.replace("2024-02-03", "2030-01-01")))


def test_rules_can_be_turned_off_per_site(tmp_path):
    site = make_site(tmp_path / "s", schema="checks:\n  mojibake: off\n  image-alt: error\n")
    found = check_post(site, POST + "Hereâ€™s\n![](/assets/images/here.png)\n")
    assert [(f.rule, f.severity) for f in found] == [("image-alt", "error")]


def test_rules_can_be_turned_off_per_line(site):
    text = (
        POST
        + "![](/assets/images/here.png) <!-- post-editor: ignore image-alt -->\n"
        + "<!-- post-editor: ignore -->\n"
        + "Hereâ€™s\n"
        + "Hereâ€™s <!-- post-editor: ignore image-alt -->\n"
    )
    found = check_post(site, text)
    assert [(f.rule, f.line) for f in found] == [("mojibake", 9)]


def test_hugo_static_images_and_shortcodes(tmp_path):
    root = tmp_path / "hugo"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "static" / "img").mkdir(parents=True)
    (root / "static" / "img" / "a.png").write_bytes(b"x")
    (root / "hugo.toml").write_text('title = "x"\n')
    text = "+++\ntitle = 'x'\n+++\n![A](/img/a.png)\n{{% notice %}}\nno end\n"
    from datetime import datetime

    from editor.core.checks import SiteContext, check_file
    from editor.core.site import Site

    path = root / "content" / "posts" / "x.md"
    path.write_text(text)
    assert check_file(path, SiteContext.build(Site.open(root), now=datetime(2026, 1, 1))) == []


def test_a_yaml_comment_turns_a_rule_off_on_its_line(site):
    text = POST.replace(
        "title: A post", "title: A post\nversion: 1.10  # post-editor: ignore yaml-trap"
    )
    assert "yaml-trap" not in rules(check_post(site, text + "x\n"))


def test_invalid_toml_is_reported_with_line_and_column(site):
    found = check_post(site, "+++\ntitle = 'x'\ndate = \n+++\nBody\n")
    assert rules(found) == ["front-matter-invalid"]
    assert found[0].line == 3 and "TOML" in found[0].message and "column" in found[0].message


def test_hostile_posts_are_checked_with_findings_capped():
    from editor.core.checks import SiteContext, check_document
    from editor.core.checks.engine import MAX_PER_RULE
    from editor.core.frontmatter import PostDocument

    for body in ("{% if x %}" * 5000, "![a" * 20000, "{% if x" * 20000, "[" * 20000 + "](x)"):
        found = check_document(PostDocument.from_text(body + "\n"), None, SiteContext(None))
        assert len(found) <= MAX_PER_RULE + 1
    found = check_document(PostDocument.from_text("{% if x %}\n" * 300), None, SiteContext(None))
    assert len(found) == MAX_PER_RULE + 1 and "200 more" in found[-1].message


def test_the_context_follows_a_saved_post_without_reading_the_site_again(site):
    from editor.core.checks import SiteContext, check_file
    from editor.core.site import Site

    ctx = SiteContext.build(Site.open(site))
    other = site / "_posts" / "2024-03-01-other.md"
    other.write_text("---\nlayout: post\ntitle: O\npermalink: /2024/01/01/first.html\n---\n")
    first = site / "_posts" / "2024-01-01-first.md"
    assert check_file(first, ctx) == []
    ctx.refresh(other)
    assert rules(check_file(first, ctx)) == ["duplicate-url"]
    other.unlink()
    ctx.refresh(other)
    assert check_file(first, ctx) == []


def test_images_are_found_as_the_site_serves_them_with_a_baseurl(tmp_path):
    site = make_site(tmp_path / "s", config="baseurl: /blog\n")
    good = (
        "![A]({{ site.baseurl }}/assets/images/here.png)\n"
        "![B](/blog/assets/images/here.png)\n"
        '![C]({{ "/assets/images/here.png" | relative_url }})\n'
        "![D](../assets/images/here.png)\n"
    )
    assert "image-missing" not in rules(check_post(site, POST + good))
    bad = "![A]({{ site.baseurl }}/assets/images/gone.png)\n"
    assert rules(check_post(site, POST + bad)) == ["image-missing"]


def test_a_key_typed_twice_is_a_trap_on_its_second_line(site):
    found = check_post(site, POST.replace("title: A post", "title: A\ntitle: B") + "x\n")
    assert [(f.rule, f.line, f.field) for f in found] == [("yaml-trap", 4, "title")]


def test_a_front_matter_image_may_be_named_inside_the_image_folder(site):
    assert check_post(site, POST.replace("title: A post", "title: A\nimage: here.png")) == []
    found = check_post(site, POST.replace("title: A post", "title: A\nimage: gone.png"))
    assert [(f.rule, f.field) for f in found] == [("image-missing", "image")]


def test_rule_settings_are_read_forgivingly(tmp_path):
    schema = (
        "fields:\n  title: {required: true}\n"
        "checks:\n  mojibake: 'OFF'\n  image-alt: [x]\n  nope: off\n"
    )
    site = make_site(tmp_path / "s", schema=schema)
    found = check_post(site, POST + "Hereâ€™s ![](/assets/images/here.png)\n")
    assert rules(found) == ["image-alt"]
