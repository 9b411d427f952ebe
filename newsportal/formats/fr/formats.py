# "17 juin 2023", "samedi 17 juin 2023", "17 juin 2023 à 12:29".
LONG_DATE_FORMAT = "j F Y"
FULL_DATE_FORMAT = "l j F Y"
COMMENT_DATETIME_FORMAT = "j F Y à H:i"
