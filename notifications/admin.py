from django.contrib import admin

from notifications.models import FailedTask, Notification, ReminderDispatch


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "user__username"]
    raw_id_fields = ["user"]


@admin.register(ReminderDispatch)
class ReminderDispatchAdmin(admin.ModelAdmin):
    list_display = ["key", "status", "attempts", "sent_at", "emailed_at"]
    list_filter = ["status", "days_before"]
    search_fields = ["key"]
    raw_id_fields = ["user", "notification"]
    readonly_fields = ["claim_token", "claimed_at", "created_at"]


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    list_display = ["task_name", "task_id", "failed_at", "resolved"]
    list_filter = ["resolved", "task_name"]
    list_editable = ["resolved"]
    readonly_fields = ["task_name", "task_id", "args", "exception", "traceback", "failed_at"]
