"""Discord's size limits for the places where lesson text is shown.

The loader checks lessons against these so that a too-long text fails `check`,
not a student's click. The Discord layer renders within the same numbers.
"""

BUTTON_LABEL = 80
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FIELDS = 25
EMBED_TOTAL = 6000
MESSAGE_CONTENT = 2000
ROWS_PER_MESSAGE = 5
CHOICE_NAME = 100

# Each option is a button on its own row so long labels stay readable on a phone.
MAX_OPTIONS = ROWS_PER_MESSAGE
MIN_OPTIONS = 2
# Shown with the right answer above it in the same field.
EXPLANATION = EMBED_FIELD_VALUE - BUTTON_LABEL - 40
# Room the posted lesson needs beyond the file's own text: the reading-time line and the footer.
# tests/exts/test_embeds.py renders the biggest lesson `check` allows to show this is enough.
LESSON_EMBED_EXTRA = 200

# A typed answer: what a modal's text box takes, and how many spellings a question accepts.
TYPED_ANSWER = 100
MAX_ACCEPTED = 20

# Not Discord's limits: bounds that keep one lesson file from being unreasonable to post or store.
MAX_SECTIONS = EMBED_FIELDS
MAX_QUESTIONS = 100
IMAGE_URL = 2048
# A lesson's id and a question's key, in characters.
LESSON_ID = 48
QUESTION_KEY = 48
# An uploaded lesson file; the bundled lesson is under 10 KB.
FILE_BYTES = 256 * 1024
