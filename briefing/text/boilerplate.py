"""Sentence-level removal of what must never be read aloud.

A reader's eye skips "Follow us on X", "Read more: ..." and "Pic: SpaceX"; a listener has to sit through them.
Article extractors work on blocks, so these lines survive whenever a site puts them inside the body. This
module judges single lines and sentences by their wording (calls to action, promotions, captions, credits,
legal lines, update notices) in English and the big European languages, plus a site's own stock lines found by
counting repetition across its articles (:func:`sentence_key`). It only looks at text: structure (links,
headings, captions in the markup) is judged in :mod:`briefing.text.extract`, which calls this module last.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .agencies import PHOTO_AGENCIES
from .sentences import split_sentences

__all__ = [
    "Removal",
    "boilerplate_reason",
    "is_byline",
    "is_credit_or_byline",
    "is_shouted",
    "line_reason",
    "sentence_key",
    "strip_boilerplate",
]


@dataclass(frozen=True)
class Removal:
    """One piece of text that was dropped, and why (shown by ``briefing extract --explain``)."""

    text: str
    reason: str


def sentence_key(sentence: str) -> str:
    """Normalised form of a sentence for counting a site's stock lines across its articles.

    Case, accents, punctuation and digits are folded away so that "Updated 5:45 p.m." and "Updated 6:10 p.m."
    or a curly and a straight quote still count as the same line.
    """
    text = sentence.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\d+", "0", text)
    return " ".join(re.findall(r"\w+", text))


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)


# Words that make an imperative sentence a call to action rather than part of a how-to article.
_PROMO_OBJECT = (
    r"newsletters?|e-?mail\ (alerts?|updates|list)|alerts?|inbox|apps?|podcasts?|subscriptions?|subscribers?"
    r"|channel|free\ trial|members?hip|premium|tickets?|our\ (website|site|magazine|journalism|coverage)"
    r"|(the\ )?latest\ (news|updates|headlines|stories)|breaking\ news|notifications"
)
# A line announcing what follows as a sponsor's ("Sponsored by:", "Our sponsors:", "Gesponsert von:"):
# in a feed's notes the list after it is the sponsors' reads.
SPONSORS_HEADING = (
    r"^\W*((this\ (episode|show|podcast|newsletter|issue|edition)\ is\ )?(sponsored|brought\ to\ you"
    r"|presented|supported|made\ possible|powered)\ by|(our\ |today's\ |this\ week's\ )?sponsors?"
    r"|gesponsert\ von|sponsoris[ée]e?\ par|patrocinado\ por)\W*$"
)
_SOCIAL = (
    r"twitter|facebook|instagram|youtube|linkedin|tiktok|threads|bluesky|mastodon|telegram|whatsapp"
    r"|snapchat|pinterest|x"
)
_AGENCY = PHOTO_AGENCIES  # picture libraries, as credits name them (text/agencies.py)
# Networks a page sends its reader to, and the words for a page's own channel or group there.
_SOCIAL_NETWORK = r"youtube|telegram|whatsapp|instagram|tiktok|twitch|discord|facebook|linkedin"
_CHANNEL = (
    r"channel|kanal|canal|cha[îi]ne|canale|kana[łl]|group|gruppe|grupo|gruppo|grupa|groupe|community|server"
)
_OUR = (
    r"our|nuestro|nuestra|nuestros|tenemos|unse?r\w*|haben\ wir|notre|nos|nous\ avons|nosso|nossa|temos"
    r"|nostro"
    r"|nostra|abbiamo|nasz\w*|we\ have|we're\ on"
)
_SOCIAL_WORDS = (
    "youtube",
    "telegram",
    "whatsapp",
    "instagram",
    "tiktok",
    "twitch",
    "discord",
    "facebook",
    "linkedin",
)
# An imperative opening, optionally softened: "Please ...", "You can also ...".
_IMPERATIVE = r"^(please\ |you\ can\ (also\ )?|why\ not\ )?"

# Whole short lines (a paragraph, a list item, a heading) that are page furniture wherever they appear.
_LINE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "advertisement",
        _rx(
            r"^(advertisement|advertising|advert|ad|sponsored(\ content)?|promoted(\ content)?"
            r"|paid\ (content|post)|anzeige|werbung|publicit[ée]|publicidad|pubblicit[àa]|publicidade"
            r"|reklame|advertentie)\W*$"
        ),
    ),
    (
        "share prompt",
        _rx(
            r"^(share|tweet|e-?mail|print|pin(\ it)?|whatsapp|copy\ link|save|teilen|partager|compartir"
            r"|condividi|compartilhe|delen|like)"
            r"(\ this|\ (this|the)\ (article|story|page|post))?(\ (on|via|with)\ [\w ]{1,20})?\W*$"
            # WordPress's sharing and like boxes in its translations ("Share this:", "Like this:",
            # "Loading...": the same three lines on every WordPress blog in the language).
            r"|^(teilen\ mit|compartir\ esto|compartilhe\ isso|dit\ delen|udost[ęe]pnij(\ to)?"
            r"|gef[äa]llt\ mir|j'aime\ [çc]a|me\ gusta\ esto|mi\ piace|curtir\ isso|vind\ ik\ leuk"
            r"|lubi[ęe]\ to|loading|wird\ geladen|chargement|cargando|caricamento|carregando"
            r"|[łl]adowanie)\W*$"
        ),
    ),
    (
        "navigation",
        _rx(
            r"^(related(\ (topics|articles|stories|content|coverage|links|reading|posts|news))?"
            r"|most\ (read|popular|viewed|shared|watched)|trending(\ now)?|top\ stories"
            r"|more\ (stories|news|from\ [\w ]{1,30}|on\ this\ story)|recommended(\ for\ you)?"
            r"|you\ (may|might)\ also\ (like|enjoy|be\ interested\ in)|don'?t\ miss|further\ reading"
            r"|see\ also|also\ read|up\ next|read\ next|tags?|topics|story\ timeline|in\ other\ news"
            r"|lesen\ sie\ auch|mehr\ zum\ thema|das\ k[öo]nnte\ sie\ auch\ interessieren|(à\ )?lire\ aussi"
            r"|sur\ le\ m[êe]me\ sujet|lea\ tambi[ée]n|leggi\ anche|leia\ tamb[ée]m|veja\ tamb[ée]m|zie\ ook"
            r"|lees\ ook|czytaj\ (te[żz]|tak[żz]e)|читайте\ также|skip\ to\ (main\ )?content|back\ to\ top"
            r"|auch\ interessant|weitere\ (aktuelle\ )?\w*(artikel|themen|beitr[äa]ge|nachrichten|tipps)"
            r"(\ (aus|zu|zum|zur)\ [\w ]{1,40})?|mehr\ themen|originalpublikation|original\ publication"
            r"|bild\ anzeigen|release\ date\s*:?"
            r"|zum\ weiterlesen|[äa]hnliche\ beitr[äa]ge|art[íi]culos\ relacionados|articles\ similaires"
            r"|articoli\ correlati|posts?\ relacionados|gerelateerd|podobne\ wpisy"
            r"|m[áa]s\ sobre\ [\w ]{1,30}|plus\ sur\ [\w ]{1,30}|mehr\ (zu|über)\ [\w ]{1,30}"
            r"|(le|te)\ puede\ interesar|tambi[ée]n\ te\ puede\ interesar|te\ recomendamos"
            r"|vous\ aimerez\ aussi"
            r"|[àa]\ lire\ (aussi|[ée]galement)|(ti\ )?potrebbe\ interessarti|(zobacz|przeczytaj)\ (te[żz]"
            r"|tak[żz]e|r[óo]wnie[żz])|czytaj\ wi[ęe]cej|leia\ mais|saiba\ mais|read\ more|more\ stories"
            r"|recommended\ (stories|articles|reading)|related\ reading"
            # A link's label on a line of its own: "read on" and "latest" in the usual languages.
            r"|(continue|keep)\ reading(\ (on|at)\ [\w .]{1,30})?|read\ the\ full\ (story|article)"
            r"|(hier\ )?weiterlesen|zum\ (ganzen\ |vollst[äa]ndigen\ )?artikel|mehr\ lesen|lesen\ sie\ mehr"
            r"|lire\ la\ suite|lire\ l'article(\ complet)?|en\ savoir\ plus|leer\ m[áa]s|(sigue|seguir"
            r"|contin[úu]a)\ leyendo|continua\ a\ leggere|leggi\ (l'articolo(\ completo)?|tutto|di\ pi[ùu])"
            r"|leia\ (a\ mat[ée]ria\ completa|mais)|ler\ mais|continue\ lendo|lees\ (verder|meer)"
            r"|czytaj\ dalej|popular\ now|latest\ (news|stories|articles)|top\ picks(\ for\ you)?|also\ see"
            r"|watch\ the\ video(\ (above|below))?|mehr\ aus\ dem\ ressort|das\ neueste(\ aus\ [\w ]{1,20})?"
            r"|alle\ (artikel|beitr[äa]ge|nachrichten|news)\ zum\ thema(\ [\w ]{1,30})?"
            r"|tous\ (nos|les)\ articles\ sur\ [\w ]{1,30}|todas\ las\ noticias\ sobre\ [\w ]{1,30}"
            r"|more|next|previous|prev|home|menu|search|close|privacy\ policy|terms\ of\ (use|service)"
            r"|cookie\ (policy|settings))\W*$"
        ),
    ),
    (
        "comment prompt",
        _rx(
            r"^((\d+|no|view|show|load|read|top\ rated|newest|oldest|all)\ )?(comments?|replies|reactions)"
            r"(\ \(\d+\))?\W*$|^comments?\ \(?\d+\)?\W*$|^what\ do\ you\ think\W*$|^have\ your\ say\W*$"
            r"|^kommentare?\W*$|^commentaires?\W*$|^comentarios?\W*$|^commenti\W*$"
            r"|^(kommentieren|commenter|comentar|commenta)\W*$"
        ),
    ),
    (
        "caption",
        _rx(
            r"^\(?((main|top|header|featured|lead|cover|hero)\ )?(pic|pics|photo|photos|photograph|picture"
            r"|image|img|foto|fotos|bild|bilder|video|credit|credits|photo\ credit|image\ credit"
            r"|image\ source|illustration|graphic|copyright|bildquelle|fotoquelle|cr[ée]dits?\ photo"
            r"|cr[ée]dito|fonte\ foto|cr[ée]dits?|fotograf[íi]a|imagen|immagine|imagem)"
            r"\s*(credit)?\s*[:/|©]\s*\S.{0,80}$"
        ),
    ),
    ("caption", _rx(r"^image\ (copyright|caption|credit|source)\b")),
    (
        "caption",
        _rx(r"^\(?(beitragsbild|titelbild|symbolbild|aufmacherbild|vorschaubild)\)?(\s*[:|]\s*.{0,80})?$"),
    ),
    (
        "caption",
        _rx(
            r"^\(?((main|top|header|featured|lead|cover|hero)\ )?(photo|photograph|image|picture|foto|bild"
            r"|illustration|video)s?\ (by|von|de|di|par|por)\ (?-i:[A-Z])[\w.'’/-]*(\s+((?-i:[A-Z])[\w.'’/-]*"
            r"|on|via|for|from|and|und|et|y|de|von|van|der|/|&))*$"
            r"|^\(?((photo|image|picture)\ )?courtesy(\ of)?\ [^.!?]{1,50}\.?$|^(foto|fotos|bild|photo)\s*©"
        ),
    ),
    ("photo credit", _rx(rf"^[^.!?]{{0,80}}(/|\bvia\ |\bphoto:?\ |©\ ?)({_AGENCY})\W*$")),
    ("photo credit", _rx(rf"^\(?({_AGENCY})\W*\)?$")),
    ("contact", _rx(r"^(e-?mail|contact|twitter|follow)?:?\s*@?[\w.+-]+@[\w-]+(\.[\w-]+)+\W*$")),
    ("bare link", _rx(r"^(https?://|www\.)\S+$|^[\w-]+(\.[\w-]+)*\.(com|org|net|co\.uk|de|fr|it|es)/\S*$")),
    (
        "dateline",
        _rx(
            r"^\(?(published|updated|posted|last\ (updated|modified)|first\ published|ver[öo]ffentlicht"
            r"|aktualisiert|publi[ée]|mis\ [àa]\ jour|publicado|actualizado|pubblicato|aggiornato"
            r"|gepubliceerd)\b[^.!?]{0,60}\d[^.!?]{0,30}\)?\.?$"
            r"|^\d+\ (minutes?|hours?|days?|weeks?)\ ago$"
            r"|^(stand|as\ of|date|datum|fecha|data)\s*:\s*\S[^.!?]{0,40}\d"
        ),
    ),
    (
        "media prompt",
        _rx(r"^(video|watch|gallery|photos|pictures|in\ pictures|audio|listen|live)\s*[:|]\s*\S"),
    ),
    ("teaser", _rx(r"^\[?(related|more|also|see\ also|read\ also|recommended)\s*:")),
    (
        "newsletter promotion",
        _rx(r"^(\S+\ ){0,5}(newsletters?|podcasts?|e-?mail\ alerts|news\ alerts|breaking\ news\ alerts)\W*$"),
    ),
    (
        "teaser",
        _rx(
            r"\[(video|videos|insight|reaction|news|pictures|pics|photos|poll|revealed|latest|analysis"
            r"|gallery|watch|listen|comment|opinion|live|update|explained|interview)\]\s*\|?\s*$"
        ),
    ),
    ("teaser", _rx(r"^\[(related|read|see|more|also)\b.*\]$")),
]

# Sentences that are boilerplate wherever they stand, even inside a paragraph of the body.
# Each entry: reason, lower-case words one of which the sentence must contain (None: always try), pattern.
# News itself talks about apps, cookies, commissions and Twitter, so the patterns look for the page
# addressing its reader: imperatives, "we/our", "you/your".
_SENTENCE_PATTERNS: list[tuple[str, tuple[str, ...] | None, re.Pattern[str]]] = [
    (
        "call to action",
        None,
        _rx(
            rf"{_IMPERATIVE}(sign\ ?up|subscribe|register|click|tap|download|join|get|listen|watch|follow"
            rf"|don'?t\ miss|never\ miss|stay\ (up\ to\ date|informed|on\ top)|want\ more|find\ out\ more"
            rf"|learn\ more|check\ out|grab|receive|sign\ in|log\ in)\b[^.!?]{{0,140}}\b({_PROMO_OBJECT})\b"
        ),
    ),
    (
        "call to action",
        ("click", "tap here"),
        _rx(r"\bclick(ing)?\ (here|this\ link|below|the\ link)\b|\btap\ here\b|\bclick\ to\ tweet\b"),
    ),
    (
        "call to action",
        None,
        _rx(
            r"^want\ (more|to\ (read|see|know|hear)\ more)\b|^(sign\ ?up|subscribe)\b\s*(now|today|here|:|!)"
            r"|^(please\ )?(sign\ ?up|subscribe|register|download|listen|watch|read\ more|find\ out\ more"
            r"|learn\ more|get\ (it|started|yours|the\ \w+))\b[^.!?]{0,100}\bhere\W*$"
        ),
    ),
    (
        "newsletter promotion",
        (
            "deliver",
            "straight",
            "sign",
            "subscri",
            "newsletter",
            "error processing",
            "thank",
            "enter your",
            "invalid",
            "abonn",
            "suscr",
            "iscriv",
            "assine",
        ),
        _rx(
            r"\b(delivered|sent|straight)\ (to|through|into)\ your\ (inbox|door|letterbox|mailbox|phone)"
            r"|\bdelivered\ (every|each)\ (morning|day|week|weekday)|\bdelivered\ (weekday|daily|weekly)\b"
            r"|\b(sign(ing)?\ up|subscrib(e|ing))\ (to|for)\ (our|the|my)\b[^.!?]{0,60}"
            r"\b(newsletters?|alerts|e-?mail\ (list|updates|alerts)|mailing\ list|briefing)\b"
            r"|\bour\ (free\ )?(daily\ |weekly\ |e-?mail\ )*newsletters?\b"
            r"|\berror\ processing\ your\ (subscription|request)"
            r"|\bthank(s|\ you)\ for\ (signing\ up|subscribing|registering)"
            r"|\benter\ your\ e-?mail(\ address)?\b|\binvalid\ e-?mail\b|\byou('re"
            r"|\ are)\ (now\ )?subscribed\b"
            r"|\bnewsletter\ abonnieren\b|\bjetzt\ abonnieren\b|\babonnez-vous\b|\bsuscr[íi]bete\b"
            r"|^(melden|tragen)\ sie\ sich\b[^.!?]{0,40}\bnewsletter\b"
            r"|\biscriviti\b|\bassine\ j[áa]\b"
        ),
    ),
    (
        "subscription promotion",
        (
            "as little as",
            "issues for",
            "subscri",
            "if you",
            "journalism",
            "become",
            "join",
            "instant download",
            "start your",
        ),
        _rx(
            r"(?:^|(?<=[.!?]))(?>[^.!?]*?\bsubscri)\w*\b[^.!?]*\bfor\ as\ little\ as\b"
            r"|(?:^|(?<=[.!?]))(?>[^.!?]*?\bfor\ as\ little\ as\b)"
            r"(?>[^.!?]*?\b(first|per|a)\ (year|month|issue|week)\b)[^.!?]*\bsubscri"
            r"|\b\d+\ issues\ for\b|\bsubscribe\ (now|today|for\ free)\b|\bsubscription\ (offer|deal)\b"
            r"|^if\ you\ (enjoyed|liked|appreciate|value|found)\ (this|our|reading)\b"
            r"|\bsupport\ (our|independent|quality)\ journalism\b"
            r"|^(please\ )?become\ a\ (member|subscriber|supporter|patron)\b"
            r"|\bbecome\ a\ (paying\ )?subscriber\b"
            r"|^join\ [\w ]{0,30}\ (today|now)\b|\binstant\ download\b"
            r"|^(please\ )?start\ your\ (free\ )?[\w ]{0,30}\b(subscription|trial|membership)\b"
        ),
    ),
    (
        # A plea for support on a line of its own: "Support us on Patreon", "Unterstützen Sie uns".
        "subscription promotion",
        ("support", "coffee", "unterst", "soutenez", "apóyanos", "apoyanos", "sostienici"),
        _rx(
            r"^(please\ )?(support\ us(\ on\ (patreon|ko-fi|steady|substack))?|buy\ me\ a\ coffee"
            r"|unterst[üu]tzen\ sie\ uns(\ (jetzt|auf\ \w+))?|soutenez-nous|ap[óo]yanos|sostienici)\W*$"
        ),
    ),
    (
        "app promotion",
        (" app", "on the go", "google play", "app store"),
        _rx(
            rf"{_IMPERATIVE}(download|get|install|try)\ (the|our)\ [\w ]{{0,30}}\bapp\b"
            r"|\bon\ the\ go\b[^.!?]{0,40}\bclick"
            r"|\b(available|download\ it|get\ it)\ (on|from|in)\ (the\ )?(app\ store|google\ play)\b"
            r"|^(laden\ sie|lade)\ (unsere|die)\ [\w-]{0,20}\ ?app\b"
            r"|^t[ée]l[ée]chargez\ (notre|l')\ ?(application|appli|app)\b"
            r"|^descarga\ (nuestra|la)\ (app|aplicaci[óo]n)\b|^scarica\ (la\ )?(nostra\ )?app\b"
            r"|^baixe\ (o\ )?(nosso\ )?(app|aplicativo)\b"
        ),
    ),
    (
        "social prompt",
        (
            *("follow", "folg", "suivez", "guenos", "seguici", "siga-nos", "volg ons", " us on", "subscribe"),
            *("obserwuj", "rejoignez"),
        ),
        _rx(
            rf"{_IMPERATIVE}follow\ (us|me|him|her|them|[\w.@'’ ]{{1,50}}?)\ (on|at|via)\ ({_SOCIAL})\b"
            rf"|\bfollow\b[^.!?]{{0,80}}@\w+|\b(like|find|join)\ us\ on\ ({_SOCIAL})\b"
            rf"|{_IMPERATIVE}subscribe\ to\ [\w ]{{1,40}}\b(on\ youtube|youtube\ channel|channel)\b"
            rf"|\bfolg(e|t|en\ sie)\ uns\b|\bsuivez-nous\b|\bs[íi]guenos\b|\bseguici\b|\bsiga-nos\b"
            rf"|\bvolg\ ons\b|\bobserwuj\ nas\b|\bf[öø]lj\ oss\b|\bf[øo]lg\ oss?\b"
            rf"|^rejoignez-nous\ sur\ ({_SOCIAL})\b"
        ),
    ),
    (
        # "our YouTube channel", "nuestro canal de Telegram", "unser WhatsApp-Kanal", "join our Discord";
        # never inside a quotation ("We set up our WhatsApp group," she said).
        "social prompt",
        _SOCIAL_WORDS,
        _rx(
            rf"^(?!.*[\"“”«»„]).*?(\b({_OUR})\b[^.!?]{{0,25}}\b({_CHANNEL})\b[^.!?]{{0,15}}"
            rf"\b({_SOCIAL_NETWORK})\b"
            rf"|\b({_OUR})\b[^.!?]{{0,25}}\b({_SOCIAL_NETWORK})[\ -]?({_CHANNEL})\b"
            rf"|\b(join|únete\ a|unete\ a|rejoignez|tritt|entra\ (nel|a))\ (us|our|nuestro|nuestra|notre"
            rf"|unse?r\w*"
            rf"|nostro|nostra)\b[^.!?]{{0,30}}\b({_SOCIAL_NETWORK}|{_CHANNEL})\b)"
        ),
    ),
    (
        "contact",
        None,
        _rx(
            r"^(e-?mail|contact|reach|write\ to)\b[^.!?]{0,60}\b[\w.+-]+@[\w-]+\.\w+"
            r"|\b(our|my|the\ author's)\ e-?mail(\ address)?(\ is)?\s*:?\s*[\w.+-]+@[\w-]+\.\w+"
        ),
    ),
    (
        "share prompt",
        ("share", "spread the word"),
        _rx(
            r"\bshare\ (this\ (article|story|post|page|information|with\ (your\ )?friends)|your\ thoughts"
            r"|your\ views|on\ (facebook|twitter))\b|\btake\ a\ moment\ to\ share\b|\bspread\ the\ word\b"
        ),
    ),
    (
        "comment prompt",
        (
            *("comment", "reply", "tell us", "let us know", "join the", "have your say", "hear"),
            *("letter to the", "kommentar", "meinung", "avis", "dites-nous", "déjanos", "dejanos"),
            *("cuéntanos", "cuentanos"),
        ),
        _rx(
            r"^comments?\ (are|is)\ (now\ )?closed|^(leave|post|add|write|submit)\ a\ (comment|reply)"
            r"|\btell\ us\ what\ you\ think\b|\blet\ us\ know\ (in\ the\ comments|what\ you\ think"
            r"|your\ thoughts)"
            r"|^join\ the\ (conversation|discussion|debate)\b|\bhave\ your\ say\b"
            # The publisher asking to hear from the reader, in the usual languages.
            r"|^(we|i)(\ (want|would\ like|would\ love|love)|'d\ (like|love))\ to\ hear"
            r"\ (from\ you\W*$|what\ you\ think|your\ (thoughts|views|opinions?|feedback|stories))"
            r"|^(submit|send|write)\ (us\ )?a\ letter\ to\ the\ editor"
            r"|\b(verraten|schreiben|sagen|teilen|erzählen)\ sie\ (uns\ )?[^.!?]{0,30}(in\ den\ kommentaren"
            r"|ihre\ meinung)|^wir\ freuen\ uns\ (auf|über)\ ihre\ (meinung|kommentare)"
            r"|^(dites-nous|donnez(-nous)?\ votre\ avis|laissez(-nous)?\ un\ commentaire)"
            r"|^(d[ée]janos|cu[ée]ntanos)\ (tu|su)\ (opini[óo]n|comentario)"
        ),
    ),
    (
        "teaser",
        None,
        _rx(
            r"^\(?\[?(read|see|watch|listen\ to|look)\ (more|also|next|this|the\ full\ story)\b\s*[:|»>-]"
            r"|^\(?(leggi|lesen\ sie|lire|lea|leia|veja|zie|lees|czytaj|читайте)"
            r"\ (anche|auch|aussi|tamb[ée]m|ook|te[żz]|также)\b"
            r"|^(more|also|related)\s*:\ \S|^you\ (may|might)\ also\ (like|enjoy)"
            r"|^\W*((le|te)\ puede\ interesar|tambi[ée]n\ te\ puede\ interesar|te\ recomendamos|vous\ aimerez"
            r"\ aussi|[àa]\ lire\ (aussi|[ée]galement)|(ti\ )?potrebbe\ interessarti|auch\ interessant"
            r"|das\ k[öo]nnte\ sie\ (auch\ )?interessieren|(zobacz|przeczytaj)\ (te[żz]|tak[żz]e"
            r"|r[óo]wnie[żz])"
            r"|(leia|saiba)\ mais|(also|must|recommended|related|further)\ read(ing)?"
            r"|(related|more)\ (stor(y|ies)|articles?|coverage|news|content|reading|links?|posts?|videos?)"
            r"|read|more\ coverage|also\ on\ [\w.\ ]{1,30})\s*[:|»>]\s*\S"
            r"|^(you\ can\ )?(view|read|watch|listen\ to|download|find|see)\ (our|the\ full|more|all)\b"
            r"[^.!?]{0,80}\bhere\W*$"
        ),
    ),
    (
        "update notice",
        (
            "breaking",
            "developing",
            "this story",
            "this article",
            "this report",
            "this page",
            "this post",
            "refresh",
            "more details",
            "check back",
            "editor",
            "update",
            "correction",
            "clarification",
            "artikel",
            "cet article",
            "noticia",
            "nota ",
            "artículo",
            "articulo",
            "articolo",
        ),
        _rx(
            r"\bthis\ (is\ a\ )?(breaking(\ news)?|developing)\ (news\ )?(story|article|report)\b"
            r"|\bthis\ (story|article|report|page|post)\ (is\ being|has\ been|was|will\ be|is)"
            r"\ (updated|developing|corrected|amended)\b"
            r"|\b(please\ )?refresh\ (the|this)\ page\b"
            r"|\bmore\ details\ (to\ follow|will\ be\ (published|added)\ (shortly|soon|later))\b"
            r"|\bmore\ details\ soon\W*$|\bcheck\ back\ (later|soon|for\ updates)\b|^editor'?s\ note\s*:"
            r"|^(update|updated|correction|clarification)\s*(:|\()"
            r"|^updated\s+(\d{1,2}[:.]\d{2}|\d+\ (minutes?|hours?)\ ago|(on\ )?\d{1,2}\ \w+\ \d{4})"
            r"|\b(dieser|der)\ artikel\ wird\ (laufend\ )?aktualisiert\b"
            r"|\bcet\ article\ (sera|a\ [ée]t[ée])\ mis\ [àa]\ jour\b"
            r"|\best[ea]\ (noticia|nota|art[íi]culo)\ (se\ est[áa]|ser[áa])\ actualiz"
            r"|\bquesto\ articolo\ [èe]\ in\ aggiornamento\b"
        ),
    ),
    (
        "advertisement",
        ("continue", "keep", "thank", "skip", "close"),
        _rx(
            r"^continue\ reading\W*$"
            r"|^(continue|keep)\ reading\ (below|the\ main\ story|after\ (the\ )?(ad|advertisement))\W*$"
            r"|\b(story|article|text)\ continues\ (below|after)\b"
            r"|^thanks?\ (you\ )?for\ (watching|reading|listening)\b|^(skip|close)\ (ad|advertisement)\b"
        ),
    ),
    (
        "media prompt",
        ("playback", "javascript", "browser", "to view this", "available in your"),
        _rx(
            r"\bmedia\ playback\ is\ (unsupported|not\ supported)\b|\brequires\ javascript\b"
            r"|^(this\ )?(content|video|page)\ is\ (not|no\ longer)\ available\ in\ your"
            r"\ (region|country)\b"
            r"|\b(enable|turn\ on)\ javascript\b|\byour\ browser\ (does\ not|doesn'?t)\ support\b"
            r"|\bto\ view\ this\ (video|content)\b"
        ),
    ),
    (
        "affiliate disclosure",
        (
            "commission",
            "share of",
            "affiliate",
            "disclosure",
            "earn",
            "if you",
            "provisionslink",
            "affili",
            "afiliados",
        ),
        _rx(
            r"\b(may|might|could|will)\ (earn|receive|get|make)\ (a\ )?(small\ )?"
            r"(share\ of\ (the\ )?(sale|revenue)|commission|affiliate)"
            r"|\baffiliate\ links?\b|^disclosure\s*:|\bwe\ (may\ )?earn\ (money|a\ fee)\b"
            r"|\bif\ you\ (buy|purchase|click|shop)\b[^.!?]{0,80}\b(may|might|could)\ (get|earn|receive)\b"
            r"|\bprovisionslinks?\b|\bliens\ affili[ée]s\b|\benlaces\ de\ afiliados\b|\blink\ affiliat"
        ),
    ),
    (
        "legal line",
        (
            "©",
            "copyright",
            "rights reserved",
            "may not be",
            "no part of",
            "vorbehalten",
            "droits",
            "derechos",
            "diritti",
            "privacy policy",
            "terms",
            *("nachdruck", "reproduction", "reproducci", "riproduzione"),
        ),
        _rx(
            r"^©|\bcopyright\s*(©|\(c\)|\d{4})|\ball\ rights\ reserved\b|\bsubject\ to\ copyright\b"
            r"|\bmay\ not\ be\ (published|reproduced|broadcast|rewritten|redistributed)\b"
            r"|\bno\ part\ of\ this\ (publication|article|material|website)\b"
            r"|\balle\ rechte\ vorbehalten\b|\btous\ droits\ r[ée]serv[ée]s\b"
            r"|\btodos\ los\ derechos\ reservados\b|\btutti\ i\ diritti\ riservati\b"
            r"|^(der\ )?nachdruck\b[^.!?]{0,40}\b(genehmigung|erlaubnis|gestattet|untersagt)"
            r"|^(toute\ )?reproduction\b[^.!?]{0,40}\binterdite"
            r"|^(queda\ )?prohibida\ (su|la)\ reproducci[óo]n"
            r"|^riproduzione\ riservata"
            r"|\b(read|see|view|review)\ our\ (privacy\ policy|terms)|\bagree\ to\ (our|the)\ (terms|privacy)"
        ),
    ),
    (
        "cookie notice",
        ("cookie",),
        _rx(
            r"^(?=.*\bcook(ie|ies)\b)"
            r"(?=.*\b(we|this\ (site|website)|our\ (site|website)|utilizziamo|usiamo|questo\ sito|wir"
            r"|diese\ (website|seite)|nous|ce\ site|utilizamos|usamos|este\ sitio|wij|deze\ (site"
            r"|website))\b)"
            r"(?=.*\b(experience|esperienza|exp[ée]rience|erfahrung|experiencia|ervaring|consent|accept|brows"
            r"|navigat|improve|analy[sz]|personali[sz]|funktion|fonction|funcion))"
            r"|^(this|diese|ce|este|questo|deze)\ (site|website|seite|webseite|sitio(\ web)?|sito)\ (uses"
            r"|verwendet|nutzt|benutzt|utilise|usa|utiliza|utilizza|gebruikt)\ (des\ |los\ |i\ )?cookies\W*$"
        ),
    ),
    (
        "credit line",
        None,
        _rx(
            r"^\(?(reporting|writing|editing|additional\ reporting|compiled|translated|research|produced"
            r"|edited|graphics)\ by\b|^\(?(source|sources|quelle|quellen|fuente|fonte"
            r"|fonti)\s*:\s*\S[^.!?]{0,60}$"
            r"|^\(?(with\ )?(files|agencies|wires)\ from\b"
            r"|^\(?(mit\ material\ von|avec\ (l'?)?afp|con\ informaci[óo]n\ de)\b"
        ),
    ),
    (
        "caption",
        ("file photo", "image", "photo", "pic", "credit", "foto", "bild"),
        _rx(
            r"^file\ photo\s*:|\((image|photo|pic|picture|credit|foto|bild)s?(\ credit)?\s*:[^)]{1,60}\)\s*$"
        ),
    ),
    (
        "photo credit",
        ("/", "credit", "©", " by ", " von ", " de ", " di ", " par ", " por "),
        _rx(
            rf"\b({_AGENCY})\s?/\s?(?-i:[A-Z])[\w.-]+(\ (?-i:[A-Z])[\w.-]+){{0,3}}\W*$"
            rf"|©\s?({_AGENCY})\b[^.!?]{{0,40}}$|^(?=(\S+\s+){{0,20}}\S*$)[^©]{{0,150}}©\s?\S[^.!?]{{0,60}}$"
            r"|\((photo|image|picture|foto|bild|video|illustration|graphic)s?\ (by|von|de|di|par"
            r"|por)\ [^)]{1,60}\)\s*$"
            r"|^((main|top|header|featured|lead|cover|hero)\ )?(image\ |photo\ |picture\ )?credits?\s*:"
        ),
    ),
    (
        # A paywall's notice: "To view the full story, please subscribe", "Already a subscriber? Log in".
        "subscription promotion",
        (
            "subscri",
            "log in",
            "sign in",
            "abonn",
            "registr",
            "weiterlesen",
            "suscri",
            "assinante",
            "lire la suite",
            "already a member",
        ),
        _rx(
            r"\bto\ (read|view|see|continue\ reading|access|unlock)\ (the\ full|this|the\ (rest|whole"
            r"|entire)|more"
            r"|all)\b[^.!?]{0,60}\b(subscri|sign\ in|log\ in|register)"
            r"|\balready\ (a\ )?(subscriber|member|registered)\b|\b(subscribers?"
            r"|members?)[-\ ]only\ (content|article"
            r"|story)|\bplease\ (subscribe|log\ in|sign\ in|register)\b|\bthis\ (content|article|story)\ is"
            r"\ (only\ )?(available|reserved)\ (to|for)\ (subscribers|members)\b"
            r"|\bbereits\ (abonnent|registriert|kunde)\b|\bjetzt\ (weiterlesen|abonnieren|registrieren"
            r"|freischalten)\b"
            r"|\bum\ (den\ (ganzen|vollst[äa]ndigen|kompletten)\ (artikel|beitrag)"
            r"|weiterzulesen)\b[^.!?]{0,60}"
            r"\b(abo|registrier|anmelden|einloggen)"
            r"|\bd[ée]j[àa]\ abonn[ée]\b|\br[ée]serv[ée]\ aux\ abonn[ée]s\b|\bpour\ lire\ la\ suite\b"
            r"|\bya\ eres\ suscriptor\b|\bexclusivo\ para\ suscriptores\b|\bpara\ (leer|seguir\ leyendo)\b"
            r"[^.!?]{0,60}\bsuscr|\bsei\ gi[àa]\ abbonato\b|\briservato\ agli\ abbonati\b"
            r"|\bj[áa]\ [ée]\ assinante\b|\bexclusivo\ para\ assinantes\b"
        ),
    ),
    (
        # Whether the reader may comment, in the big European languages.
        "comment prompt",
        (
            "logged",
            "signed in",
            "log in",
            "sign in",
            "first to",
            "no comments",
            "eingeloggt",
            "angemeldet",
            "kommentar",
            "diskutieren",
            "comment",
            "connect",
        ),
        _rx(
            r"\byou\ (must|need\ to)\ be\ (logged|signed)\ in\b|\byou\ are\ not\ (logged|signed)\ in\b"
            r"|\b(log|sign)\ in\ to\ (comment|reply|post\ a\ comment|leave\ a\ comment|join\ the)\b"
            r"|\bbe\ the\ first\ to\ (comment|review|reply)\b|^no\ comments(\ yet)?\W*$"
            r"|^comments?\ (are\ )?(disabled|turned\ off)\b"
            r"|\bsie\ sind\ (aktuell\ |derzeit\ |noch\ |leider\ )?nicht\ (eingeloggt|angemeldet)\b"
            r"|\bum\ (einen\ )?kommentar\w*\ (zu\ )?(schreiben|verfassen|hinterlassen|abzugeben)"
            r"|^kommentar\ (verfassen|schreiben|abgeben|hinzuf[üu]gen)\b"
            r"|\b(schreiben|verfassen)\ sie\ (einen|den\ ersten)\ kommentar\b|^diskutieren\ sie\ mit\b"
            r"|\bnoch\ keine\ kommentare\b"
            r"|\blaisser\ un\ commentaire\b|\bvous\ devez\ [êe]tre\ connect[ée]\b"
            r"|\bsoyez\ le\ premier\ [àa]\ (commenter|r[ée]agir)\b|^ajouter\ un\ commentaire\b"
            r"|\bdeja\ (un|tu)\ comentario\b|\bdebes\ (estar\ registrado|iniciar\ sesi[óo]n)\b"
            r"|\bs[ée]\ el\ primero\ en\ comentar\b|\blascia\ un\ commento\b|\bdevi\ essere\ (registrato"
            r"|connesso)\b"
            r"|\bdeixe\ (um|seu)\ coment[áa]rio\b|\bdodaj\ komentarz\b"
        ),
    ),
    (
        # A note that the text was published elsewhere first, in the big European languages.
        "update notice",
        (
            "originally",
            "first appeared",
            "first published",
            "appeared in",
            "appeared on",
            "earlier version",
            "zuerst",
            "ursprünglich",
            "initialement",
            "originalmente",
            "originariamente",
        ),
        _rx(
            r"\bthis\ (article|story|post|piece|report|interview|essay|column)\ (was\ |has\ been\ |is\ )?"
            r"(originally|first)\ (published|appeared|posted|ran)\b"
            r"|\b(a\ version\ of\ )?this\ (article|story|post|piece|column)\ (originally\ |first\ )?appeared"
            r"\ (in|on)\b|\ban\ earlier\ version\ of\ this\ (article|story|post|report)\b"
            r"|\b(dieser|der)\ (artikel|beitrag|text|gastbeitrag)\ (erschien|ist)\ (zuerst|urspr[üu]nglich"
            r"|erstmals)\b"
            r"|\bcet\ article\ (a\ [ée]t[ée]\ )?(initialement|d'abord)\ (publi[ée]|paru)\b"
            r"|\bpubli[ée]\ initialement\b"
            r"|\beste\ art[íi]culo\ (fue\ )?(publicado|apareci[óo])\ (originalmente|primero)\b"
            r"|\bpublicado\ originalmente\ en\b|\bpubblicato\ originariamente\b"
        ),
    ),
    (
        # A page labelling its own advertising or sponsored text.
        "advertisement",
        (
            "werbung",
            "anzeige",
            "advertis",
            "sponsor",
            "contains",
            "enthält",
            "contient",
            "contiene",
            "publicit",
        ),
        _rx(
            r"^\W*(advertisement|anzeige|werbung|publicit[ée]|publicidad|pubblicit[àa]|sponsored(\ content)?"
            r"|paid\ (post|content)|reklama)\W*$"
            r"|^\W*(anzeige|werbung|advertisement|publicit[ée]|publicidad)\s*[-–—|:]\s"
            r"|\bthis\ (post|article|story|page|video|review)\ (contains|includes|may\ contain)\ (affiliate"
            r"|sponsored|paid|advertising|references\ to\ products)"
            r"|\b(from|by)\ (one\ or\ more\ of\ )?our\ (advertisers|advertising\ partners|sponsors)\b"
            r"|\b(dieser|der)\ (beitrag|artikel|post|text)\ enth[äa]lt\ (werbung|affiliate|anzeigen"
            r"|provisions"
            r"|werbelinks)|\bcet\ article\ contient\ des\ liens\ (affili|sponsoris)"
            r"|\beste\ art[íi]culo\ contiene\ enlaces\ (de\ afiliados|patrocinados)"
        ),
    ),
    (
        # A show's or a newsletter's sponsor announced: "Sponsored by:", "This episode is brought to you
        # by ...", "Thanks to Linode for sponsoring this week's show". (A sentence that only opens with
        # "Sponsored by" is news: "Sponsored by Senator Doe, the bill ...".)
        "advertisement",
        ("sponsor", "brought to you", "presented by", "supported by", "made possible", "powered by"),
        _rx(
            rf"{SPONSORS_HEADING}"
            r"|^this\ (episode|show|podcast|newsletter|issue|edition|video|week's\ show)\ (is|was)\ "
            r"(sponsored|brought\ to\ you|supported|made\ possible|presented)\ by\b"
            r"|^(thanks|thank\ you)\ to\ (our\ sponsors?\b|[^.!?]{1,60}\ for\ sponsoring\b)"
        ),
    ),
    (
        # "More information at www.example.org", "Weitere Infos unter ...": a pointer away from the text.
        "call to action",
        ("info", "details", "www.", "http", ".com", ".org", ".de"),
        _rx(
            r"^(for\ )?(more|further)\ (info(rmation)?|details)\ (at|on|from|under|via|visit)\b[^!?]{0,40}"
            r"(https?://|www\.|\b[\w-]+\.(com|org|net|de|at|ch|fr|es|it|eu|uk)\b)"
            r"|^(weitere|mehr)\ (infos?|informationen|details)\ (unter|auf|bei|gibt\ es\ unter"
            r"|im\ internet)\b"
            r"|^(pour\ )?plus\ d'(infos?|informations)\b[^!?]{0,30}(https?://|www\.)"
            r"|^(para\ )?m[áa]s\ informaci[óo]n\b[^!?]{0,30}(https?://|www\.)"
        ),
    ),
    (
        # A caption's credit as a sentence of its own, mostly the last of the caption:
        # "... So geht es momentan einigen Erstis. Foto: Ingo Schneider", "Photo: Jonathan Nackstrand/AFP".
        "caption",
        ("foto", "photo", "bild", "image", "picture", "pic", "credit", "illustration", "grafik", "graphic"),
        _rx(
            r"^\(?((featured|main|top|header|lead|cover|hero)\ )?(photo|photos|foto|fotos|bild|bilder|image"
            r"|picture"
            r"|pic|illustration|grafik|graphic|symbolbild|symbolfoto|symbolgrafik|bildquelle|fotoquelle"
            r"|photo\ source|image\ source|photo\ credit|image\ credit|bildunterschrift)s?\s*[:©]\s*\S"
            r"[^!?]{0,100}$"
        ),
    ),
    (
        # A comment form's own strings, the same on every WordPress site, in its big languages.
        "comment prompt",
        (
            "published",
            "required fields",
            "notify me",
            "save my",
            "commenting",
            "veröffentlicht",
            "erforderliche",
            "benachrichtig",
            "publiée",
            "obligatoires",
            "publicad",
            "obligatorios",
            "pubblicato",
            "publicado",
        ),
        _rx(
            r"\byour\ e-?mail(\ address)?\ will\ not\ be\ published\b|\brequired\ fields\ are\ marked\b"
            r"|\bnotify\ me\ of\ (follow-?up\ comments|new\ (posts|comments))\b|\bsave\ my\ name,?\ e-?mail\b"
            r"|^commenting\ (is\ )?(now\ )?(closed|disabled|not\ available)\b"
            r"|\bihre\ e-?mail-?adresse\ wird\ nicht\ ver[öo]ffentlicht\b|\berforderliche\ felder\ sind\b"
            r"|\bbenachrichtige\ mich\ [üu]ber\ (nachfolgende\ kommentare|neue\ beitr[äa]ge)"
            r"|\bvotre\ adresse\ (e-?mail|de\ messagerie|courriel)\ ne\ sera\ pas\ publi[ée]e\b"
            r"|\bles\ champs\ obligatoires\ sont\b|\bcorreo\ electr[óo]nico\ no\ ser[áa]\ publicad[oa]\b"
            r"|\blos\ campos\ obligatorios\ est[áa]n\b|\bindirizzo\ e-?mail\ non\ sar[àa]\ pubblicato\b"
            r"|\bendere[çc]o\ de\ e-?mail\ n[ãa]o\ ser[áa]\ publicado\b"
        ),
    ),
    (
        # The small print of a sign-up box.
        "newsletter promotion",
        (
            "unsubscribe",
            "inbox",
            "never share",
            "not share",
            "never sell",
            "not sell",
            "spam",
            "valid email",
            "valid e-mail",
            "recaptcha",
            "abbestell",
            "abmelden",
            "désinscrire",
            "darte de baja",
        ),
        _rx(
            r"\b(you\ can|you\ may)\ unsubscribe\b|\bunsubscribe\ (at\ any\ time|anytime)\b"
            r"|\b(we('ll|\ will)\ never|we\ do\ not|we\ don't|we\ won't)\ (share|sell|rent"
            r"|spam)\b[^.!?]{0,40}"
            r"\b(e-?mail|address|information|details|data|you)\b"
            r"|^(get|receive)\ [^.!?]{0,60}\b(in|into|to)\ your\ inbox\b|\benter\ a\ valid\ e-?mail\b"
            r"|\bprotected\ by\ recaptcha\b|\bjederzeit\ (wieder\ )?(abbestell|abmelden)"
            r"|\bvous\ pouvez\ vous\ d[ée]sinscrire\b|\bpuedes\ darte\ de\ baja\b"
        ),
    ),
    (
        # Advertising furniture between paragraphs.
        "advertisement",
        (
            "scroll",
            "continues",
            "adchoices",
            "ad choices",
            "report",
            "feedback",
            "outbrain",
            "taboola",
            "promoted",
            "sponsored",
            "partner",
            "the web",
        ),
        _rx(
            r"\bscroll\ (down\ )?to\ continue\b|\b(content|story|article|text|reading)\ continues\ (below"
            r"|after"
            r"|under)\b|^ad\ ?choices\W*$|^(report\ (this|an)\ ad|ad\ feedback)\W*$"
            r"|^(recommended\ by\ )?(outbrain|taboola)\W*$|^(promoted|sponsored|partner)\ (stories|content"
            r"|links)\W*$"
            r"|^(more\ )?(from|around)\ (the\ web|our\ partners)\W*$"
        ),
    ),
    (
        "update notice",
        ("update",),
        _rx(
            r"\bwe('ll|\ will)\ (update|be\ updating|continue\ to\ update|keep\ updating)\ this\ (story"
            r"|article|post"
            r"|page|report)\b|^(this\ )?(story|article|post)\ (will\ be\ )?updated\W*$"
        ),
    ),
    (
        # A caption's credit as its last sentence: "... in Paris on Sunday. AFP", "... JEAN DUPONT / AFP",
        # "... in 2019. Photograph: Jane Doe/Redferns"; the paragraph goes with it when it is short.
        "photo credit",
        None,
        _rx(
            rf"^(?=.{{1,100}}$)\(?([^\W\d][\w.'’ -]{{0,40}}\s*[/|]\s*)?({_AGENCY})"
            r"(\s*(/|via)\s*[\w.'’ -]{1,40})?\W*\)?$"
            r"|^(?=.{1,80}$)\(?(photograph|photo|foto|bild|image|picture|fotograf[íi]a|imagen|cr[ée]dits?)"
            r"\s*:\s*\S[^!?]{0,60}$"
        ),
    ),
    (
        # A time stamp on a line of its own: "Updated at 3:45 p.m. ET", "Aktualisiert am 12.03.2021".
        "update notice",
        ("updated", "aktualisiert", "mis à jour", "mise à jour", "aggiornato", "atualizado", "actualizado"),
        _rx(
            r"^(last\ |zuletzt\ )?(updated|aktualisiert|mise?\ [àa]\ jour|aggiornato|atualizado|actualizado)"
            r"(\ (at|on|am|um|le|il|alle|em|às|el|a\ las))?\ (?=[^!?]{0,20}(\d{1,2}[:.h]\d{2}|\d{4}))"
            r"[^!?]{1,40}$"
            r"|\b(dieser|der)\ (artikel|beitrag)\ wurde\ (zuletzt\ |nachträglich\ )?(aktualisiert|korrigiert"
            r"|ergänzt)\W*$"
        ),
    ),
    (
        # Widgets that stand in the text: the reading time, the audio player's label, the article
        # continuing after an advertisement, a tip line, "Was this article helpful?", "Report an error".
        "page widget",
        (
            *("read", "lesezeit", "lecture", "lectura", "lettura", "listen", "anhören", "écouter", "audio"),
            *("fortgesetzt", "anzeige", "werbung", "publicit", "anuncio", "tip", "story?", "helpful"),
            *("hilfreich", "utile", "útil", "error", "fehler", "erreur", "mistake", "typo"),
        ),
        _rx(
            r"^(estimated\ )?(reading\ time|read\ time|lesezeit|lesedauer|temps\ de\ lecture"
            r"|tiempo\ de\ lectura|tempo\ di\ lettura)\s*:?\s*(ca\.\ |about\ |environ\ )?\d+[^!?]{0,12}$"
            r"|^\d+\s*(min(ute)?s?\.?|minuten)\ (read|lesezeit|de\ lecture|de\ lectura|di\ lettura)\W*$"
            r"|^(listen\ to\ (this\ )?(article|story)|audio\ version\ of\ this\ (article|story)"
            r"|(artikel|beitrag)\ (vor)?(an)?h[öo]ren|[ée]couter\ (cet\ )?article"
            r"|escuchar\ (este\ )?art[íi]culo)[^.!?]{0,30}\W*$"
            r"|\b(der\ )?(artikel|text|beitrag)\ (wird\ )?(unter|nach)\ (der|dem)\ (anzeige|werbung"
            r"|werbeblock)\ fortgesetzt\b|^weiter\ nach\ der\ (anzeige|werbung)\W*$"
            r"|\bla\ suite\ (de\ l'article\ )?(apr[èe]s|ci-dessous)\ (cette\ |la\ )?publicit[ée]"
            r"|\bcontin[úu]a\ (despu[ée]s|debajo)\ del?\ (la\ )?(publicidad|anuncio)"
            r"|^(have|got)\ a\ (news\ )?(tip|story(\ idea)?)\W*$"
            r"|^(send|email)\ us\ (your\ )?(news\ )?tips?\b"
            r"|^(was|is)\ this\ (article|story|page|information|post)\ (helpful|useful)\W*$"
            r"|^war\ (dieser|der)\ (artikel|beitrag)\ hilfreich\W*$"
            r"|^cet\ article\ vous\ a-t-il\ [ée]t[ée]\ utile"
            r"|^¿?(te|le)\ (ha\ )?result[óo]\ [úu]til"
            r"|^(report|flag)\ (an?\ )?(error|typo|mistake)\W*$|^fehler\ (gefunden|melden)\W*$"
            r"|^signaler\ une\ erreur\W*$"
        ),
    ),
    (
        "subscription promotion",
        ("unlimited", "please consider"),
        _rx(
            r"\bunlimited\ digital\ access\b|\b(get|enjoy|for)\ unlimited\ access\b[^.!?]{0,60}(subscri|\$|£"
            r"|€"
            r"|per\ (month|week|year)|a\ (month|week|year))"
            r"|\bplease\ consider\ (supporting|subscribing|donating|becoming\ a|making\ a\ (donation"
            r"|contribution))"
        ),
    ),
    (
        "legal line",
        ("constitutes", "prohibited", "permission", "consent", "forbidden", "expressed", "permitted"),
        _rx(
            r"\bconstitutes\ acceptance\ of\b"
            r"|\b(reproduction|republication|redistribution)\b[^.!?]{0,60}\b(prohibited|forbidden"
            r"|not\ permitted"
            r"|without\ (the\ )?(prior\ )?(express\ )?(written\ )?(permission|consent))"
            r"|\b(the\ )?(views|opinions)\ expressed\b[^.!?]{0,80}\b(are\ (solely\ )?those\ of\ the\ (author"
            r"|writer)"
            r"|do\ not\ (necessarily\ )?reflect)"
        ),
    ),
    (
        "social prompt",
        ("connect with", "our ", "us on", "click to"),
        _rx(
            r"^(please\ )?connect\ with\ us\b|^(check\ out|visit|like|join|subscribe\ to)\ (us\ on"
            r"|our)\ (youtube"
            r"|facebook|instagram|twitter|tiktok|linkedin|pinterest)\b"
            r"|^click\ to\ (share|email|print|tweet)\b"
        ),
    ),
    (
        "teaser",
        ("read the full", "miss", "must read", "pick", "top stories", "trending", "most ", "related video"),
        _rx(
            r"^read\ the\ full\ (story|article|report|interview)\b"
            r"|^(don'?t\ miss|must\ read|editor'?s\ picks?|top\ stories|trending(\ now)?|most\ (read|popular)"
            r"|related\ video)\s*:\s*\S"
        ),
    ),
]

# Each pattern's words as one alternation, searched in C rather than word by word in Python.
_GATED_PATTERNS = [
    (reason, None if words is None else re.compile("|".join(map(re.escape, words))), pattern)
    for reason, words, pattern in _SENTENCE_PATTERNS
]

_CREDIT_REASONS = frozenset({"caption", "photo credit"})
# A paragraph that opens with one of these is a promotion box, however it goes on.
_PROMO_REASONS = frozenset(
    {"call to action", "newsletter promotion", "subscription promotion", "app promotion", "social prompt"}
)


def line_reason(line: str) -> str | None:
    """Why a whole short line (paragraph, list item, heading) is furniture, or None if it may be spoken."""
    text = line.strip().replace("’", "'")
    if not text or len(text.split()) > 14:
        return None
    for reason, pattern in _LINE_PATTERNS:
        if pattern.search(text):
            return reason
    if is_byline(text):
        return "byline"
    if _is_date_line(text):
        return "dateline"
    return None


_BYLINE_START = re.compile(r"^(?i:by|von|par|por|di|door|af|av)\s+(?=[A-ZÀ-ÖØ-Þ])")
_NAME_JOINERS = frozenset(
    {"and", "und", "et", "y", "e", "&", "en", "och", "og", "von", "van", "de", "der", "da", "di", "la", "le"}
)


def is_byline(text: str) -> bool:
    """ "By Jane Doe and John Roe, Reuters" / "Von A B und C D, NDR": names, not a sentence."""
    m = _BYLINE_START.match(text)
    if not m or text.rstrip().endswith((".", "!", "?", ":")):
        return False
    words: list[str] = re.findall(r"[\w'’.-]+|&", text[m.end() :])
    if not words or len(words) > 12:
        return False
    names = sum(w[0].isupper() or w.lower() in _NAME_JOINERS for w in words)
    return names >= 0.8 * len(words)


_DATE_WORDS = frozenset(
    """jan january feb february mar march apr april may jun june jul july aug august sep sept september
    oct october nov november dec december mon monday tue tues tuesday wed wednesday thu thur thurs
    thursday fri friday sat saturday sun sunday am pm a.m p.m at on uhr h hrs gmt utc bst cet cest est
    edt pst pdt cst cdt ist jst aest amt januar februar märz mai juni juli oktober dezember montag
    dienstag mittwoch donnerstag freitag samstag sonntag janvier février mars avril juin juillet août
    septembre octobre novembre décembre le à enero febrero marzo abril mayo junio julio agosto
    septiembre octubre noviembre diciembre de gennaio febbraio aprile maggio giugno luglio settembre
    ottobre dicembre alle""".split()
)


def _is_date_line(text: str) -> bool:
    """A line made only of a date and a time ("28.04.2020 21:38 Uhr", "November 20, 2019 - 11:28 AMT")."""
    tokens = re.findall(r"[^\W\d_]+\.?|\d+", text.lower())
    if not tokens or len(tokens) > 10 or not any(t.isdigit() for t in tokens):
        return False
    return all(t.isdigit() or t.rstrip(".") in _DATE_WORDS or t in _DATE_WORDS for t in tokens)


def is_credit_or_byline(line: str) -> bool:
    """Who took the picture or wrote the story ("Photograph: Alex Wong/Getty Images", "Foto: dpa",
    "By Jane Doe"): never the story, in a page or in a feed's text."""
    line = line.strip().rstrip(" .,|")
    return line_reason(line) in _CREDIT_REASONS | {"byline"} or boilerplate_reason(line) in _CREDIT_REASONS


def boilerplate_reason(sentence: str) -> str | None:
    """Why one sentence must not be spoken, or None; judged on its wording alone."""
    text = sentence.strip().strip("*•·–—-").strip().replace("’", "'")
    low = text.lower()
    for reason, gate, pattern in _GATED_PATTERNS:
        # The gate is cheap: most sentences contain none of a pattern's words.
        if (gate is None or gate.search(low)) and pattern.search(text):
            return reason
    return None


def is_shouted(text: str) -> bool:
    """All-capital lines of several words are promotions and teaser headlines ("DON'T MISS"), not prose."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 8 or len(text.split()) < 2:
        return False
    upper = sum(ch.isupper() for ch in letters)
    cased = sum(ch.isupper() or ch.islower() for ch in letters)
    return cased > 0 and upper / cased > 0.9


def strip_boilerplate(
    paragraphs: Sequence[str], site_stock: Collection[str] = ()
) -> tuple[list[str], list[Removal]]:
    """Drop boilerplate lines and sentences from paragraphs; return what is left and what went, with reasons.

    A short paragraph that holds a boilerplate sentence is dropped whole: the rest of it is nearly always the
    same promotion ("Sign Up: Stay on top of the latest news! Sign up for our newsletters here."), a caption
    whose credit gave it away, or a promotion box that opened with its call to action.
    """
    stock = frozenset(site_stock)
    kept: list[str] = []
    removals: list[Removal] = []
    for paragraph in paragraphs:
        text = paragraph.strip()
        if not text:
            continue
        if stock and sentence_key(text) in stock:
            removals.append(Removal(text, "site stock line"))
            continue
        reason = line_reason(text)
        if reason:
            removals.append(Removal(text, reason))
            continue
        sentences = split_sentences(text)
        verdicts = [_sentence_verdict(s, stock) for s in sentences]
        if not any(verdicts):
            kept.append(text)
            continue
        rest = [s for s, v in zip(sentences, verdicts, strict=True) if not v]
        bad = [v for v in verdicts if v]
        rest_words = sum(len(s.split()) for s in rest)
        bad_words = sum(len(s.split()) for s, v in zip(sentences, verdicts, strict=True) if v)
        caption = verdicts[-1] in _CREDIT_REASONS
        promo_box = verdicts[0] in _PROMO_REASONS and len(sentences) <= 4 and rest_words <= 60
        if promo_box or (len(rest) <= 2 and rest_words <= 30 and (caption or 3 * bad_words >= rest_words)):
            removals.append(Removal(text, bad[0]))
            continue
        for sentence, verdict in zip(sentences, verdicts, strict=True):
            if verdict:
                removals.append(Removal(sentence, verdict))
        kept.append(" ".join(rest))
    return kept, removals


def _sentence_verdict(sentence: str, stock: frozenset[str]) -> str | None:
    if stock and sentence_key(sentence) in stock:
        return "site stock line"
    return boilerplate_reason(sentence)
