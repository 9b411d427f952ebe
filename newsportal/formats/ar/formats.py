# "17 يونيو 2023"، "السبت، 17 يونيو 2023"، "17 يونيو 2023 - 12:29".
LONG_DATE_FORMAT = "j F Y"
FULL_DATE_FORMAT = "l، j F Y"
COMMENT_DATETIME_FORMAT = "j F Y - H:i"
