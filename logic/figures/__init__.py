"""Every Plotly figure of the product, and how levels look: plain functions of engine data, no Streamlit.

- `levels.py`: each reaction level's colour, marker shape, glyph and legend name;
- `tree_layout.py`: the decision tree as a drawable graph (positions, lines), pure data;
- `tree.py`: the decision tree's figure, the route of a set of answers highlighted;
- `sessions.py`: the planner's chart of earlier sessions and the suggestion, and the style of session charts;
- `records.py`: a client record's charts (pain with X6's band, levels, load) and the body map.

Colours, pixel sizes and the words a figure draws itself live here, not in the domain modules.
"""
