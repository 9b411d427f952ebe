"""The fields of categories, topics and authors that readers see in their language.

django-modeltranslation adds a column per language (`name_es`, `bio_ar` …) and
makes `category.name` read the active language's column, falling back to
English when a translation is empty. Articles are not here: each translation
of an article is an article of its own (docs/languages.md).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Author, Category, Topic


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Author)
class AuthorTranslationOptions(TranslationOptions):
    # A person's name is the same in every language; what is said about them is not.
    fields = ("bio",)
