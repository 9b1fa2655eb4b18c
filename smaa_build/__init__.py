"""smaa: Social Media Alignment Assessment report builder."""

__version__ = "0.1.0"
