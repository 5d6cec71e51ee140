"""Course tables: courses, enrolments, search words and co-enrolment counters.

Every request path is a GetItem, Query or BatchGetItem on these keys (no Scan):

courses      pk COURSE#<id>, sk COURSE
  gsi1       gsi1pk "PUBLISHED", gsi1sk <rank>        sparse: the published catalog, newest first
  gsi2       gsi2pk CAT#<category key>, gsi2sk <rank> sparse: published courses of one category
  gsi3       gsi3pk OWNER#<user id>, gsi3sk <created>  every course of an owner, drafts included
  popular    gsi1pk "PUBLISHED", enrolled_count (N)    sparse: published courses by popularity
  <filter>_<order>  the other catalog listings (course_service.catalog): partitions gsi2pk
             CAT#<category>, lvlpk LVL#<level>, clpk CL#<level>#<category>, sorted by
             gsi1sk (newest), enrolled_count (popular) or title_key (title)
enrollments  pk USER#<user id>, sk COURSE#<course id>
  gsi1       gsi1pk USER#<user id>, gsi1sk <enrolled>  the user's courses, newest enrolment first
index        pk WORD#<word>, sk <rank>                 inverted index of published courses
             pk VOCAB#<first two letters>, sk <word>   words in use, with posting counts (prefixes)
             pk PAIR#<course a>, sk <course b>, n (N)  learners enrolled in both a and b
  pairs      pk, n                                     sparse: a course's top co-enrolments
  suggest    sgpk SUG#<2 letters>, sgsk <word>#<rank>  sparse: title words of postings, with title
  word_title   pk WORD#<word>, tsk <title key>#<rank>   postings by title: a search sorted A-Z
  word_popular pk WORD#<word>, psk <count, 10 digits>#<rank>  postings by popularity

<rank> is "<published_at with microseconds>#<course id>": unique and time-ordered, so a page
cursor is just the last rank seen (`sk < rank` resumes, whatever was added meanwhile).
"""

from service_kit import Index, TableSpec

from .catalog import INDEXES

TABLES = (
    TableSpec(
        name="courses",
        indexes=(*INDEXES, Index("gsi3", "gsi3pk", "gsi3sk")),
        attribute_types={"enrolled_count": "N"},
    ),
    TableSpec(name="enrollments", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),)),
    TableSpec(
        name="index",
        indexes=(
            Index("pairs", "pk", "n"),
            Index("suggest", "sgpk", "sgsk"),
            Index("word_title", "pk", "tsk"),
            Index("word_popular", "pk", "psk"),
        ),
        attribute_types={"n": "N"},
    ),
)
