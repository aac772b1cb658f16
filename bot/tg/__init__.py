"""The only package that imports `telegram`."""
