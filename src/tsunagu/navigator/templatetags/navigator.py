from django import template

from tsunagu.navigator.furigana import add_ruby

register = template.Library()


@register.filter(is_safe=True)
def furigana(markup, enabled=True):
    """{% filter furigana:flag %}…{% endfilter %}: ruby readings when the flag is on."""
    return add_ruby(str(markup)) if enabled else markup
