"""Whole-line junk rules for the cleaner: page chrome, comment footers, the page's disclaimer.

Each rule is a predicate on one line (a paragraph or heading) with a docstring saying what it
removes and why that is safe. Registered, with their kinds, in `ingest.clean.rules`.
"""

from __future__ import annotations

import re


def words(*alternatives: str) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of `alternatives` (regexes) as a whole."""
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


def bare(line: str) -> str:
    """The line without markup and decoration around it, for matching labels."""
    return line.strip(" \t*_#>|:-–—•·»«›‹.!…").strip()


def is_exactly(pattern: re.Pattern[str], line: str) -> bool:
    """Whether the whole line, without decoration, is one of `pattern`'s alternatives."""
    return pattern.fullmatch(bare(line)) is not None


_POST_METADATA = words(
    r"작성자",
    r"작성일",
    r"등록일",
    r"글쓴이",
    r"댓글\s*\d+\s*건",
    r"조회수?\s*\d+\s*회?",
    r"추천\s*\d+",
    r"投稿者",
    r"投稿日",
    r"閲覧数?",
    r"作者\s*[:：]",
    r"发布(?:时间|日期)",
    r"浏览(?:次数|量)?\s*[:：]?\s*\d+",
    r"\bposted (?:by|on)\b",
    r"\bpublished (?:by|on)\b",
    r"\bwritten by\b",
    r"\b(?:medically )?reviewed by\b",
    r"\b(?:last )?updated on\b",
    r"\bauthor\s*:",
    r"\b\d+\s+(?:views|comments|replies|likes)\b",
    r"\b\d+\s+min(?:ute)?s?\s+read\b",
    r"\b\d{2,4}[-./]\d{1,2}[-./]\d{1,2}\b",
)
# The board engines glue "본문" ("body") to the header line; the article starts after it.
BODY_MARKER = re.compile(r"본문")


def board_post_header(line: str) -> bool:
    """A forum/blog post's metadata line: author, date, view and comment counts.

    Two or more distinct metadata fields in one short line ("작성자 Lorrie 댓글 0건 조회 4회
    작성일 25-09-24 11:14본문", "Posted by Ann | 3 min read | 120 views") mark the byline bar of a
    board or blog template. Safe: the line must be short and not end like a sentence, so "The
    guideline was written by a panel and reviewed by experts." stays.
    """
    if len(line.split()) > 25 or line.rstrip("\"'”’)").endswith((".", "!", "?")):
        return False
    found = {m.group(0).casefold() for m in _POST_METADATA.finditer(line)}
    return len({re.sub(r"\d+", "#", f) for f in found}) >= 2


_RELATED_LABELS = (
    r"related (?:posts|articles|stories)",
    r"you (?:may|might) also like",
    r"recent posts",
    r"popular posts",
    r"read next",
    r"관련 ?글",
    r"関連記事",
    r"相关文章",
)
_CHROME_LABELS = words(
    r"페이지 정보",
    r"본문",
    r"목록|글쓰기|답변|수정|삭제|인쇄|스크랩|신고|추천|비추천",
    r"skip to (?:main )?content",
    r"(?:main )?menu",
    r"search",
    r"home",
    r"print(?: this (?:page|article))?",
    r"back to top",
    r"advertisement",
    r"sponsored(?: content)?",
    r"cookie (?:notice|settings|preferences|policy|consent)",
    r"privacy policy",
    r"terms (?:of (?:use|service)|and conditions)",
    *_RELATED_LABELS,
)


def chrome_label(line: str) -> bool:
    """A line that is only a site-navigation or widget label ("Skip to content", "Related posts").

    Safe: the whole line must be exactly one known label, which article prose never is.
    """
    return is_exactly(_CHROME_LABELS, line)


_RELATED_HEADING = words(*_RELATED_LABELS)


def related_links_heading(line: str) -> bool:
    """A heading that introduces a list of links to other pages ("Related posts", "관련글")."""
    return is_exactly(_RELATED_HEADING, line)


def breadcrumb(line: str) -> bool:
    """A breadcrumb trail ("Home > Blog > Back pain"): short parts joined by > › » or /.

    Safe: it must start at "Home" (or 홈) and have at least three parts of at most five words.
    """
    if len(line) > 200:
        return False
    parts = [p.strip() for p in re.split(r"\s[>›»/]\s", line)]
    return (
        len(parts) >= 3
        and bare(parts[0]).casefold() in {"home", "홈", "ホーム", "首页"}
        and all(0 < len(p.split()) <= 5 for p in parts)
    )


def taxonomy_line(line: str) -> bool:
    """A "Tags: ..." / "Categories: ..." / "Filed under ..." line listing the post's labels.

    Safe: "Tags"/"Category" need a colon right after them ("Category 1 hypertension" stays),
    and the line must be short.
    """
    pattern = r"(?:tags|tagged|categories|category|topics)\s*[:：]|filed under\b"
    return re.match(pattern, bare(line), re.IGNORECASE) is not None and len(line.split()) <= 20


def copyright_notice(line: str) -> bool:
    """The site's copyright line ("© 2024 Clinic. All rights reserved.", "Copyright 2024 ...").

    Safe: it must start with ©, (c), or "Copyright" followed by © or a year, or say "All rights
    reserved", and be short; "Copyright rules do not apply ..." stays.
    """
    text = bare(line)
    if len(text.split()) > 30:
        return False
    starts = re.match(r"(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4}))", text, re.IGNORECASE)
    reserved = re.search(r"all rights reserved", text, re.IGNORECASE)
    return starts is not None or reserved is not None


_SHARE_LABEL = words(
    r"share(?: this(?: article| post| page)?)?(?: on (?:facebook|twitter|x|linkedin|pinterest|"
    r"whatsapp|reddit|email))?",
    r"tweet(?: this)?",
    r"pin it",
    r"facebook|twitter|linkedin|pinterest|whatsapp|reddit|email|print",
    r"copy link",
    r"공유하기",
    r"compartir|partager|teilen|シェア(?:する)?|分享(?:到)?",
)


def share_buttons(line: str) -> bool:
    """A row of social sharing buttons ("Share on Facebook / Tweet / Pin it").

    Safe: every part of the line, split at / | • ·, must be a share-button label.
    """
    if len(line) > 200:
        return False
    parts = [p for p in re.split(r"\s*[/|•·]\s*", bare(line)) if p]
    return bool(parts) and all(_SHARE_LABEL.fullmatch(p) for p in parts)


_PREV_NEXT = re.compile(
    r"[-–•*«‹<\s]*(?:이전글|다음글|前の記事|次の記事|上一篇|下一篇"
    r"|(?:previous|next|older|newer) (?:post|article|entry)(?![\w-])"
    r"|(?:предыдущая|следующая) (?:статья|запись))",
    re.IGNORECASE,
)


def prev_next_links(line: str) -> bool:
    """A link to the previous or next post ("- 이전글...", "Next post: ...", "« Previous post").

    Safe: the line must start with the label, which article prose does not ("Next
    post-operative visit" is not a label).
    """
    return _PREV_NEXT.match(line) is not None


_COMMENT_SECTION = words(
    r"댓글 ?목록",
    r"등록된 댓글이 없습니다",
    r"コメント(?:一覧|はまだありません)",
    r"评论列表|暂无评论",
    r"no comments(?: yet)?",
    r"be the first to comment",
    r"(?:leave|post|add|write) a (?:comment|reply)",
    r"\d+ (?:comments?|replies|responses)",
    r"comments? \(\d+\)",
    r"you must be logged in to post a comment",
    r"deja un comentario|laisser un commentaire|kommentar (?:schreiben|hinterlassen)",
)


def comment_section(line: str) -> bool:
    """The comment widget's own lines ("댓글목록", "No comments yet.", "Leave a reply").

    Safe: the whole line must be one such label; a heading like "Comments from patients" is not.
    """
    return is_exactly(_COMMENT_SECTION, line)


_DISCLAIMER_LABEL = re.compile(r"(?:medical |legal )?disclaimer", re.IGNORECASE)


def disclaimer_label(line: str) -> bool:
    """A heading that is only the word "Disclaimer": the paragraph after it is the disclaimer."""
    return is_exactly(_DISCLAIMER_LABEL, line)


def disclaimer_heading(line: str) -> bool:
    """A paragraph that announces itself as the page's disclaimer ("**Disclaimer- ...").

    Safe: the line must begin with "Disclaimer" used as a label, followed by : - – — . or
    nothing ("Disclaimer rules for supplements" stays); the assistant wraps every reply in its own
    disclaimer, so the page's is not article content.
    """
    label = r"(?:medical |legal )?disclaimer\s*(?:[:\-–—.]|$)"
    return re.match(label, line.strip(" \t*_#>"), re.IGNORECASE) is not None
