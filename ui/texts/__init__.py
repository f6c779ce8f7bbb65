"""UI text catalogs. Each module here defines `DA` and `EN`: dicts with the same keys.

Keys are namespaced by area ("app.", "selfcheck.", "tree.", ...) so modules never collide.
"""
