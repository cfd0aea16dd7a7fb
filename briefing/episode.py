"""[Story] -> the encoded episode: speak, measure the real length and loudness, refit to --minutes;
then gate, name and tag it.

The voice's speaking rate is calibrated per voice from earlier episodes, so the first take usually
fits. A take within ``FIT_SHORT``/``FIT_LONG`` of the target is kept: choosing stories can only move
the length by whole stories, and another take costs a full level-and-encode (about 2 s for ten
minutes), so a take a little long is better published than redone.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import AudioError, EngineUnavailable, SpeechError
from .model import Episode, Script, Story
from .ranking import budget_words
from .script import join_sources, write_script
from .speakable import Lexicon
from .stories import fit_budget, spoken_words, trim_stories

if TYPE_CHECKING:
    import numpy as np

    from .audio.mp3 import AudioStats
    from .audio.render import Rendered
    from .config import Settings
    from .speech import Engine
    from .speech.chooser import Voices

log = logging.getLogger(__name__)

MAX_TAKES = 4
FIT_SHORT, FIT_LONG = 0.05, 0.10  # a take this much shorter or longer than asked is kept
LOUDNESS_MISS = 1.0  # LU: a take this far off the target is levelled once more


@dataclass(frozen=True)
class Spoken:
    """The encoded (untagged) episode in a temporary file, and what it holds."""

    rendered: Rendered
    mp3: Path
    stats: AudioStats  # of what went into the encoder
    encoder_loss: float = 0.0  # LU the encoder takes away (made up for by the levelling)

    @property
    def loudness(self) -> float:
        """Integrated loudness of the published file, in LUFS."""
        return self.stats.loudness - self.encoder_loss


@dataclass(frozen=True)
class Take:
    """One attempt at the episode: its audio, its script and the voice that spoke it."""

    spoken: Spoken
    script: Script
    engine: str
    takes: int = 1  # spoken and encoded before one fitted (the rest were from the sentence cache)


@dataclass(frozen=True)
class Studio:
    """What every take of one episode shares."""

    engine: Engine
    speakers: Executor
    settings: Settings
    when: datetime  # local time, for the script's wording
    intro: np.ndarray | None = None
    progress: Callable[[int, int], None] | None = None


def speak(
    stories: list[Story], voices: Voices, when: datetime, progress: Callable[[int, int], None] | None = None
) -> Take:
    """The episode spoken by the first voice that works and speaks the show's language, given only the
    stories in its languages (a story no voice speaks was left out before, see :meth:`Voices.sort_out`)."""
    from .audio.sounds import chime, load_sound

    settings = voices.settings
    intro = load_sound(settings.chime_file) if settings.chime_file else chime() if settings.chime else None
    last_error: Exception | None = None
    for name in voices.order:
        try:
            engine, speakers = voices.get(name)
        except EngineUnavailable as exc:
            last_error = exc
            continue
        mine = [s for s in stories if engine.speaks(s.language)]
        if not mine or not engine.speaks(settings.language):
            last_error = SpeechError(f"{name} speaks neither the show's language nor a story's")
            log.info("speech: %s", last_error)
            continue
        try:
            studio = Studio(engine, speakers, settings, when, intro, progress)
            spoken, script, takes = fit(mine, studio, voices.rates.get(f"{engine.name}:{engine.voice}"))
        except EngineUnavailable as exc:
            voices.failed_mid_episode(name, exc)
            last_error = exc
            continue
        if name != voices.order[0]:
            log.info("speech: using %s for the whole episode", name)
        return Take(spoken, script, name, takes)
    raise SpeechError(f"no speech engine could speak the briefing: {last_error}")


def first_choice(stories: list[Story], settings: Settings, when: datetime, wpm: float) -> Script:
    """The script of the stories whose words fill the budget at ``wpm``, the words around the stories
    (intro, headlines, outro) priced on a draft of it rather than guessed. The dry run's script, and
    every episode's first take."""
    target = settings.minutes * 60
    chosen = fit_budget(stories, budget_words(target, wpm))
    draft = _script(chosen, settings, when)
    refit = fit_budget(stories, _stories_budget(draft, target, wpm)) or chosen
    return draft if refit == chosen else _script(refit, settings, when)


def fit(stories: list[Story], studio: Studio, wpm: float | None = None) -> tuple[Spoken, Script, int]:
    """Speak and encode, measure, and go again until length and loudness fit; the take nearest the
    target wins. Every sentence is in the cache after the first take, so another costs an encode."""
    settings = studio.settings
    target = settings.minutes * 60
    wpm = wpm or studio.engine.words_per_minute
    script = first_choice(stories, settings, studio.when, wpm)
    best: tuple[float, Spoken, Script] | None = None
    correction = 0.0
    number = 0
    try:
        for number in range(MAX_TAKES):
            last = number == MAX_TAKES - 1
            spoken = _record(script, studio, correction, keep_dropped=last)
            if isinstance(spoken, tuple):  # the voice failed on some stories: again without them
                script = _script(_without(list(script.stories), spoken, studio.engine), settings, studio.when)
                continue
            miss = settings.loudness + correction + spoken.encoder_loss - spoken.stats.loudness
            if abs(miss) > LOUDNESS_MISS and correction == 0.0 and not last:
                log.info("loudness: %.1f LU off the target; levelling again", -miss)
                correction = miss  # segments levelled one by one missed the whole (very uneven sources)
                spoken.mp3.unlink(missing_ok=True)
                continue
            seconds = spoken.rendered.seconds
            log.info("fit: %d stories, %.0f s for a target of %.0f s", len(script.stories), seconds, target)
            best = _nearer(best, (abs(seconds - target), spoken, script))
            if -FIT_SHORT * target <= seconds - target <= FIT_LONG * target:
                break
            refit = _refit(stories, script, seconds, target)
            if refit == list(script.stories):
                break
            script = _script(refit, settings, studio.when)
    except BaseException:
        if best is not None:
            best[1].mp3.unlink(missing_ok=True)
        raise
    if best is None:
        raise SpeechError(f"{studio.engine.name} could not speak the briefing")
    return best[1], best[2], number + 1


def _record(
    script: Script, studio: Studio, correction: float, keep_dropped: bool
) -> Spoken | tuple[int, ...]:
    """One take, levelled and encoded into a temporary file; or the indexes of the stories the voice
    could not speak (nothing kept), unless ``keep_dropped``."""
    from .audio.cache import SegmentCache
    from .audio.loudness import Leveller
    from .audio.mp3 import Mp3Stream, encoder_loudness_loss
    from .audio.render import Voice, render

    settings = studio.settings
    loss = partial(encoder_loudness_loss, bitrate=settings.bitrate)
    level = Leveller(settings.loudness + correction, settings.true_peak, loss)
    fd, name = tempfile.mkstemp(dir=settings.output, prefix=".briefing-", suffix=".mp3")
    os.close(fd)
    stream = Mp3Stream(Path(name), settings.bitrate, level)
    try:
        voice = Voice(studio.engine, studio.speakers, SegmentCache.of(settings), studio.progress)
        rendered = render(script, voice, stream, level, studio.intro)
        if rendered.dropped and not keep_dropped:
            stream.abort()
            return rendered.dropped
        stats = stream.close()
    except BaseException:
        stream.abort()
        raise
    return Spoken(rendered, Path(name), stats, level.offset or 0.0)


def _without(stories: list[Story], dropped: tuple[int, ...], engine: Engine) -> list[Story]:
    kept = [s for i, s in enumerate(stories) if i not in set(dropped)]
    if not kept:
        raise SpeechError(f"{engine.name} could not speak any story")
    return kept


def _nearer(
    best: tuple[float, Spoken, Script] | None, take: tuple[float, Spoken, Script]
) -> tuple[float, Spoken, Script]:
    """The take nearer the target; the other one's file is removed."""
    if best is None or take[0] < best[0]:
        if best is not None:
            best[1].mp3.unlink(missing_ok=True)
        return take
    take[1].mp3.unlink(missing_ok=True)
    return best


def _refit(stories: list[Story], script: Script, seconds: float, target: float) -> list[Story]:
    """The stories for the next take, priced in this take's real seconds: its speaking rate, and the
    words it spent around the stories."""
    chosen = list(script.stories)
    wpm = 60 * script_words(script) / max(seconds, 1.0)
    excess = int((seconds - target) / 60 * wpm)
    per_story = sum(spoken_words(s) for s in chosen) / len(chosen)
    if 0 < excess < per_story / 2:
        return trim_stories(chosen, excess)  # a little long: shorter stories, not fewer
    budget = _stories_budget(script, target, wpm)
    refit = fit_budget(stories, budget)
    if refit == chosen and excess < 0:  # short, and no nearer set: one story more, then trim
        refit = fit_budget(stories, budget + int(per_story))
    return refit


def _script(stories: list[Story], settings: Settings, when: datetime) -> Script:
    lexicon = Lexicon.of(settings.pronunciations)
    return write_script(
        stories, when, settings.show_title, settings.next_briefing, settings.language, lexicon
    )


def script_words(script: Script) -> int:
    return sum(len(seg.text.split()) for seg in script.segments)


def _stories_budget(script: Script, target_seconds: float, wpm: float) -> int:
    """Words the stories may take: the target at ``wpm``, less what the script says around them."""
    around = script_words(script) - sum(spoken_words(s) for s in script.stories)
    return max(30, int(target_seconds / 60 * wpm) - around)


def finish(take: Take, settings: Settings, when: datetime, slug: str, cover: bytes) -> Episode:
    """Gate and tag the encoded take; the caller publishes it (or removes it on failure)."""
    from .audio.mp3 import Tags, mp3_seconds, write_tags

    rendered, mp3 = take.spoken.rendered, take.spoken.mp3
    take.spoken.stats.check(settings.min_episode_seconds)
    sources = tuple(dict.fromkeys(src for s in take.script.stories for src in s.sources))
    title = f"{settings.show_title}, {when:%A %d %B %Y, %H:%M}"
    tags = Tags(
        title, settings.show_title, settings.show_title, when, "Sources: " + join_sources(sources), cover
    )
    write_tags(mp3, tags, rendered.chapters)
    seconds = mp3_seconds(mp3)  # the gate checks the real file, not our intentions
    if seconds < settings.min_episode_seconds:
        raise AudioError(f"the encoded episode is {seconds:.1f} s long; refusing to publish it")
    return Episode(
        slug=slug,
        title=title,
        created=when,
        mp3=mp3,
        duration=seconds,
        chapters=rendered.chapters,
        cues=rendered.cues,
        script=replace(take.script, title=title),
        engine=f"{take.engine}:{rendered.voice}",
        sources=sources,
    )


def speaking_rate(take: Take) -> dict[str, float]:
    """The voice's real words per minute in this take, for the next run's first choice."""
    rendered = take.spoken.rendered
    return {f"{take.engine}:{rendered.voice}": 60 * script_words(take.script) / max(rendered.seconds, 1.0)}


__all__ = ["Spoken", "Take", "finish", "first_choice", "fit", "speak", "speaking_rate"]
