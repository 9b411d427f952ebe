# BBN's English dates, as the WordPress site wrote them.
LONG_DATE_FORMAT = "F j, Y"
FULL_DATE_FORMAT = "l, F j, Y"
COMMENT_DATETIME_FORMAT = "F j, Y - g:i a"
