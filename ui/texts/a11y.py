"""Accessible names Streamlit's frontend writes in English (aria-label, title, placeholder), said in the
page's language by the page bridge (ui/a11y.py). The English entries are Streamlit's own words."""

DA = {
    "a11y.name.expand_sidebar": "Åbn sidemenuen",
    "a11y.name.collapse_sidebar": "Luk sidemenuen",
    "a11y.name.main_menu": "Hovedmenu",
    "a11y.name.sidebar": "Sidemenu",
    "a11y.name.app_pages": "Appens sider",
    "a11y.name.show_password": "Vis adgangskoden",
    "a11y.name.hide_password": "Skjul adgangskoden",
    "a11y.name.link_to_heading": "Link til overskriften",
    "a11y.name.open": "Åbn",
    "a11y.name.close": "Luk",
    "a11y.name.choose_an_option": "Vælg en mulighed",
    "a11y.name.progress": "Fremskridt",
    "a11y.name.help_for": "Hjælp til ",
}

EN = {
    "a11y.name.expand_sidebar": "Expand sidebar",
    "a11y.name.collapse_sidebar": "Collapse sidebar",
    "a11y.name.main_menu": "Main menu",
    "a11y.name.sidebar": "Sidebar",
    "a11y.name.app_pages": "App pages",
    "a11y.name.show_password": "Show password",
    "a11y.name.hide_password": "Hide password",
    "a11y.name.link_to_heading": "Link to heading",
    "a11y.name.open": "Open",
    "a11y.name.close": "Close",
    "a11y.name.choose_an_option": "Choose an option",
    "a11y.name.progress": "progress",
    "a11y.name.help_for": "Help for ",
}
