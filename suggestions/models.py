"""Handling units, categories, routing rules, suggestions and every step of their handling."""

from django.db import models


class Category(models.Model):
    """A two-level suggestion category (财政经济 → 预算管理 …); visits use the same list."""

    name = models.CharField("名称", max_length=32)
    parent = models.ForeignKey(
        "self", verbose_name="上级分类", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "建议分类"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name")]

    def __str__(self):
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name
