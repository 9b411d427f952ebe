# "17 de junio de 2023", "sábado, 17 de junio de 2023", "17 de junio de 2023 - 12:29".
LONG_DATE_FORMAT = r"j \d\e F \d\e Y"
FULL_DATE_FORMAT = r"l, j \d\e F \d\e Y"
COMMENT_DATETIME_FORMAT = r"j \d\e F \d\e Y - H:i"
