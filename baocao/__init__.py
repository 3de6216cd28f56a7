"""baocao: periodic reporting for local government."""

__version__ = "0.1.0"
