"""Text as it comes from pages and feeds, made into sentences worth speaking.

``markup`` (tags, entities, XML-safe text), ``sentences`` (splitting), ``boilerplate`` (lines and
sentences never to be read aloud), ``extract`` (a page's article text).
"""
