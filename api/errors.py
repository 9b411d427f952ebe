"""Every refusal of the API is JSON that says what was wrong and, when it was a parameter, which one."""

from django.http import JsonResponse


class ApiError(Exception):
    def __init__(self, status, code, message, *, parameter=None):
        super().__init__(message)
        self.status, self.code, self.message, self.parameter = status, code, str(message), parameter


def error_response(status, code, message, *, parameter=None, errors=None):
    """{"errors": [{status, code, message, parameter}]}, as Ghost answers; never stored by any cache."""
    if errors is None:
        errors = [{"status": status, "code": code, "message": str(message), "parameter": parameter}]
    response = JsonResponse({"errors": errors}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def invalid(parameter, message):
    return ApiError(400, "invalid_parameter", message, parameter=parameter)


def not_found(message):
    return ApiError(404, "not_found", message)
