"""Staff accounts. Residents never have accounts: the public pages need none."""

from __future__ import annotations

import datetime
import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("メールアドレスが必要です。")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> User:
        # Sign-in is case-insensitive on the address, as people expect of email.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A city employee or partner who signs in with an email address.

    Leaving staff are deactivated (is_active=False), never deleted, so that the
    audit log keeps pointing at someone.
    """

    email = models.EmailField(_("メールアドレス"), unique=True)
    full_name = models.CharField(_("氏名"), max_length=150, blank=True)
    is_staff = models.BooleanField(_("管理画面の利用"), default=False)
    is_active = models.BooleanField(_("有効"), default=True)
    date_joined = models.DateTimeField(_("登録日時"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name or self.email


class OrganisationKind(models.TextChoices):
    CITY_DEPARTMENT = "city_department", _("市の局・部")
    WARD_OFFICE = "ward_office", _("区役所")
    CONSULTATION_WINDOW = "consultation_window", _("相談窓口")
    NPO = "npo", _("NPO・市民団体")
    COMPANY = "company", _("企業")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)


class Organisation(models.Model):
    """A place people work for: a bureau, a ward office, a window, an NPO or a company."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("種別"), max_length=32, choices=OrganisationKind.choices)
    area = models.ForeignKey(
        "core.Area",
        verbose_name=_("区域"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    is_active = models.BooleanField(_("有効"), default=True)
    # Invented demo entries carry this flag and show サンプル on screen.
    is_sample = models.BooleanField(_("サンプル"), default=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("組織")
        verbose_name_plural = _("組織")
        ordering = ["area_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"], name="accounts_org_unique_name_in_area"
            ),
        ]
        indexes = [
            # Ward pickers and the staff import look organisations up by area and kind.
            models.Index(fields=["area", "kind"], name="accounts_org_area_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（サンプル）" if self.is_sample else self.name


class Role(models.Model):
    """A named bundle of permission strings such as `referrals.inbox.read`."""

    key = models.SlugField(_("識別名"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    permissions = models.JSONField(_("権限"), default=list, blank=True)
    description = models.CharField(_("説明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("役割")
        verbose_name_plural = _("役割")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .permissions import validate_permission_names

        validate_permission_names(self.permissions)

    @property
    def reads_personal_data(self) -> bool:
        from .permissions import reads_personal_data

        return any(reads_personal_data(perm) for perm in self.permissions)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: datetime.date | None = None) -> MembershipQuerySet:
        """Memberships in force on a day (today by default) of active people and organisations."""
        day = on or timezone.localdate()
        return self.filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day),
            starts_on__lte=day,
            user__is_active=True,
            organisation__is_active=True,
        )


class Membership(models.Model):
    """A person works for an organisation in a role, from one day until another."""

    user = models.ForeignKey(
        User, verbose_name=_("職員"), on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("組織"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.ForeignKey(
        Role, verbose_name=_("役割"), on_delete=models.PROTECT, related_name="memberships"
    )
    starts_on = models.DateField(_("開始日"), default=timezone.localdate)
    ends_on = models.DateField(_("終了日"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("所属")
        verbose_name_plural = _("所属")
        ordering = ["user_id", "organisation_id", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "starts_on"],
                name="accounts_membership_unique_start",
            ),
            models.CheckConstraint(
                name="accounts_membership_ends_after_start",
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
            ),
        ]
        indexes = [
            # has_permission() loads the current memberships of one user.
            models.Index(fields=["user", "starts_on"], name="accounts_membership_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.organisation} / {self.role}"
