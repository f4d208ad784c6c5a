from setuptools import Extension, setup

setup(name="partvolume", version="1.0", ext_modules=[Extension("partvolume", ["partvolume.c"])])
