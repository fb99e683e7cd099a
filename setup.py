"""setup.cfg holds the metadata; this says the one thing it cannot.

Every package under ``search/`` is found, not listed, so a new subpackage
cannot be forgotten (``search.engines`` once was). The site's ``templates/``
and ``static/`` stay at the top of the checkout, as the client's layout has
them, and install inside the package as ``search.templates`` and
``search.static`` (``package_dir`` in setup.cfg). ``tests/test_wheel.py``
builds the sdist and the wheel and checks that both hold every file.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["search", "search.*"]), "search.templates", "search.static"])
