"""User-typed text is escaped for markdown: it shows as typed, never as markup or a link."""

from ui.user_text import WORD_JOINER, esc


def test_markup_and_html_are_escaped():
    shown = esc("<img src=x onerror=alert(1)> **bold** [link](http://x)")
    assert "\\<img" in shown and "\\*\\*bold\\*\\*" in shown and "\\]\\(" in shown
    unescaped = shown.replace("\\", "").replace(WORD_JOINER, "")
    assert unescaped == "<img src=x onerror=alert(1)> **bold** [link](http://x)"


def test_addresses_do_not_become_links_and_lines_are_kept():
    assert WORD_JOINER in esc("www.klinik.dk") and WORD_JOINER in esc("a@b.dk")
    assert esc("one\ntwo").count("  \n") == 1
