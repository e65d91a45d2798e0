import datetime

from django.utils import timezone
from django_tasks import task

from . import delivery as sending
from .models import WebhookDelivery


@task()
def deliver_webhook(delivery_id: int):
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return
    can_defer = deliver_webhook.get_backend().supports_defer
    sending.deliver(delivery, retry_later=_enqueue_later if can_defer else None)


def _enqueue_later(delivery, delay):
    run_after = timezone.now() + datetime.timedelta(seconds=delay)
    deliver_webhook.using(run_after=run_after).enqueue(delivery.pk)
