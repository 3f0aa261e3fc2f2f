# Only to list packages: everything under src/ plus the theme folder at the root, which
# pyproject.toml maps to xuanjiao.themes so that a plain `pip install .` ships it.
from setuptools import find_packages, setup

setup(packages=find_packages("src") + ["xuanjiao.themes"])
