"""The decision tree in a real browser: clicking a node's point in the Plotly figure opens its detail.

Streamlit 1.67 sends a Plotly click as a points selection (`on_select` with selection_mode
("points",)); the page's callback reads the point's customdata (the node id) and opens the detail.
The tests click the point's marker at its screen position, read from the rendered figure.
"""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from logic.figures.tree import X_SPAN, X_SPAN_COMPACT
from tests.browser.browser_support import screenshot, settled

TIMEOUT = 30_000
CHART = '[data-testid="stPlotlyChart"]'

# Scrolls the marker of a node (by its customdata id) into view and returns its centre on screen.
MARKER_CENTRE = """(id) => {
  const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  if (!plot) return null;
  for (const group of plot.querySelectorAll('.scatterlayer .trace')) {
    const trace = group.__data__[0].trace;
    if (!trace.customdata || trace.meta === 'tree-selected') continue;
    const index = Array.from(trace.customdata).indexOf(id);
    if (index < 0) continue;
    for (const point of group.querySelectorAll('.points path')) {
      if (point.__data__.i !== index) continue;
      point.scrollIntoView({block: 'center'});
      const box = point.getBoundingClientRect();
      return {x: box.x + box.width / 2, y: box.y + box.height / 2};
    }
  }
  return null;
}"""


# True once the drawn figure is the compact one: its x range is X_SPAN_COMPACT wide, the full one X_SPAN.
COMPACT_DRAWN = """() => {
  const plot = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  const range = plot && plot._fullLayout && plot._fullLayout.xaxis && plot._fullLayout.xaxis.range;
  return !!range && range[1] - range[0] < LIMIT;
}""".replace("LIMIT", str((X_SPAN + X_SPAN_COMPACT) / 2))


def open_tree(page: Page, base_url: str, lang: str = "en") -> None:
    page.goto(f"{base_url}/decision-tree")
    expect(page.locator(CHART)).to_be_visible(timeout=TIMEOUT)
    settled(page)
    close = page.get_by_role("dialog").get_by_role("button", name="Close")
    if close.count():  # a stray notice of the app shell must not block the clicks
        close.first.click()
    title = {"en": "The decision tree", "da": "Beslutningstræet"}[lang]
    if not page.get_by_role("heading", name=title).count():
        page.get_by_role("radio", name={"en": "English", "da": "Dansk"}[lang], exact=True).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(f"{CHART} .scatterlayer .trace").first).to_be_attached(timeout=TIMEOUT)
    settled(page)


def choose_source(page: Page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option).click()
    settled(page)


def steady_marker(page: Page, node_id: str) -> dict[str, float]:
    """The marker's centre once the figure has stopped moving (a rerun may redraw it after a toggle)."""
    previous = None
    for _ in range(40):
        centre = page.evaluate(MARKER_CENTRE, node_id)
        if centre and centre == previous:
            return centre
        previous = centre
        page.wait_for_timeout(250)
    assert previous, f"no marker for {node_id} in the figure"
    return previous


def click_node(page: Page, node_id: str, opens: Locator) -> None:
    """Clicks a node's marker until `opens` shows; a click that lands while Plotly redraws is lost,
    as a user's tap would be, so it is tried again at the marker's new position (at most 3 times)."""
    for attempt in range(3):
        centre = steady_marker(page, node_id)
        page.mouse.click(centre["x"], centre["y"])
        try:
            expect(opens).to_be_visible(timeout=TIMEOUT // 3)
            return
        except AssertionError:
            if attempt == 2:
                raise
            settled(page)


def test_click_a_question_opens_its_detail(streamlit_server: str, laptop_page: Page) -> None:
    page = laptop_page
    open_tree(page, streamlit_server)
    choose_source(
        page,
        "Show the route of",
        "Example: soreness and slightly worse pain 30 hours after trigger-point therapy",
    )
    expect(page.get_by_text("The answers lead to:")).to_be_visible(timeout=TIMEOUT)
    screenshot(page, "tree-laptop-route")

    detail = page.get_by_text("The question to the client", exact=True)
    click_node(page, "n_feels_like", detail)
    settled(page)
    expect(page.get_by_text("What does the pain you feel now feel like?").last).to_be_attached()
    expect(page.get_by_text("This point lies on the chosen route.")).to_be_attached()
    # The detail quotes the statement the question rests on.
    expect(
        page.get_by_text("Symptoms very like the ones before treatment in quality and intensity").first
    ).to_be_attached()
    # The figure now rings the clicked node.
    ringed = page.evaluate(
        """() => document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot')
                 .data.filter(t => t.meta === 'tree-selected').map(t => t.customdata[0])"""
    )
    assert ringed == ["n_feels_like"]
    detail.scroll_into_view_if_needed()
    screenshot(page, "tree-laptop-detail")


def test_click_a_result_opens_its_level_and_advice(streamlit_server: str, laptop_page: Page) -> None:
    page = laptop_page
    open_tree(page, streamlit_server, "da")
    advice = page.get_by_text("Mørk, cola- eller te-farvet urin kan være tegn på alvorlig muskelnedbrydning").last
    click_node(page, "l_doctor_dark_urine", advice)
    settled(page)
    statements = page.get_by_text("Udsagn, det bygger på")
    expect(statements).to_be_attached()
    page.get_by_text("Niveau:").scroll_into_view_if_needed()
    screenshot(page, "tree-laptop-leaf-da")


def test_tree_in_a_narrow_window_in_compact_view(streamlit_server: str, phone_page: Page) -> None:
    """A narrow window that still shows the figure (a phone shows the list instead: test_client_a11y_browser)."""
    page = phone_page
    page.set_viewport_size({"width": 700, "height": 900})
    open_tree(page, streamlit_server)
    page.get_by_text("Compact view (narrow screen)").click()
    expect(page.get_by_role("switch", name="Compact view (narrow screen)")).to_be_checked(timeout=TIMEOUT)
    # The rerun redraws the figure: wait for the compact one (its narrower x range), not the wide one.
    page.wait_for_function(COMPACT_DRAWN, timeout=TIMEOUT)
    settled(page)
    chart = page.locator(CHART)
    expect(chart).to_be_visible(timeout=TIMEOUT)
    box = chart.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1
    detail = page.get_by_text("The question to the client").or_(page.get_by_text("Why:")).first
    click_node(page, "l_healing_crisis", detail)
    settled(page)
    chart.scroll_into_view_if_needed()
    screenshot(page, "tree-narrow-compact")
