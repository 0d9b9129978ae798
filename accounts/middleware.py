class IgnoreBrowserLanguageMiddleware:
    """Drop the browser's Accept-Language header before LocaleMiddleware reads it.

    The platform speaks zh-Hant unless the user picks English in the language
    menu, which sets the language cookie. The browser's language setting is
    ignored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
