"""briefing: turns news feeds into a spoken podcast briefing.

Stages, each in its own module, exchange the frozen dataclasses of :mod:`briefing.model`:
feeds -> extract -> condense -> script -> speech/audio -> publish, conducted by :mod:`briefing.pipeline`.
"""

__version__ = "0.1.0"
