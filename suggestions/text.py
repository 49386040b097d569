"""Chinese keywords for finding suggestions of similar content (并案 candidates).

jieba segments the text and ranks words by TF-IDF with the dictionary it ships; the keywords are
stored on the suggestion, so a lookup is a filter on that column, the same on PostgreSQL and SQLite.
"""

import logging

import jieba
import jieba.analyse

jieba.setLogLevel(logging.WARNING)

KEYWORD_COUNT = 12


def keywords_of(text: str, count: int = KEYWORD_COUNT) -> list[str]:
    """The most telling words of a text: 小区/加装/电梯 from "老旧小区加装电梯难"."""
    return [word for word in jieba.analyse.extract_tags(text, topK=count) if len(word) > 1]
