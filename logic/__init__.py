"""Reaktionsguide's clinical engine: the reaction check and the session planner.

Pure Python with pydantic models at every boundary; it never imports Streamlit, so the CLI
(`python -m logic`), the pages and other systems all share one engine.
"""

ENGINE_VERSION = "1.0.0"
