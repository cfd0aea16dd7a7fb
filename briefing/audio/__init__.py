"""Script -> episode audio, in rooms by concern.

``render`` (speech threads, the stream of segments), ``cache`` (spoken sentences), ``loudness``
(measurement, levelling, true-peak limiting), ``mp3`` (encoding, the publish gate's figures, tags and
chapters), ``sounds`` (chime), ``decode`` (ffmpeg and pydub, for audio that arrives encoded).
"""
