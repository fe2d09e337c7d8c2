"""Sphinx configuration of the site (``make site``).

Sphinx runs on the project that ``python -m kursk_data.site stage`` writes (this file is
copied there with the rest of docs/). The site must work offline: every asset is local (the
PyData theme bundles its fonts, icons and scripts; MyST-NB loads no widget script when no
notebook has widgets; no MathJax, since no page has maths), and the build fails on any
warning.
"""

from kursk_data import __version__

project = "kursk-data"
author = "kursk-data contributors"
copyright = "kursk-data contributors; data and figures CC BY 4.0, code MIT"
version = release = __version__

extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.napoleon"]
exclude_patterns = ["_build", "_extra", "**.ipynb_checkpoints", "jupyter_execute"]
suppress_warnings = ["myst.header"]

# Notebooks are pages of their saved outputs: never executed here (make notebooks does that).
nb_execution_mode = "off"
nb_merge_streams = True
# Widgets would load require.js and the widget manager from a CDN.
nb_ipywidgets_js = {}
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"undoc-members": False}
napoleon_numpy_docstring = True

html_theme = "pydata_sphinx_theme"
html_title = "kursk-data"
html_static_path = ["_static"]
html_extra_path = ["_extra"]
html_css_files = ["kd-site.css"]
html_js_files = ["kd-site.js"]
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    # No links or scripts that reach another host: no icon links, no analytics, no version
    # switcher (it fetches a JSON file), no announcement fetched from a URL.
    "icon_links": [],
    "navbar_end": ["theme-switcher", "navbar-icon-links"],
    "show_prev_next": True,
    # Notebook pages get the whole width for their tables and charts.
    "secondary_sidebar_items": {
        "notebooks/*": [],
        "figures/*": ["page-toc"],
        "*": ["page-toc"],
    },
    "header_links_before_dropdown": 4,
    "footer_start": ["copyright"],
    "footer_end": [],
    "navigation_with_keys": False,
}
html_context = {"default_mode": "light"}
# The top-level pages have no section to navigate: no empty left sidebar on them.
html_sidebars = {"notebooks/*": [], "index": [], "data-dictionary": [], "api": []}
