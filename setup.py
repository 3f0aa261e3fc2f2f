# Only to list packages: everything under src/ plus the theme folder at the root, which
# pyproject.toml maps to xuanjiao.themes so that a plain `pip install .` ships it. Folders of
# data (data/, locale/, the theme's) are listed too, as namespace packages: setuptools
# warns about every importable folder it is not told about.
from setuptools import find_namespace_packages, setup

code = find_namespace_packages("src", include=["xuanjiao", "xuanjiao.*"], exclude=["*__pycache__"])
themes = ["xuanjiao." + name
          for name in find_namespace_packages(".", include=["themes", "themes.*"], exclude=["*__pycache__"])]
setup(packages=code + themes)
