"""The staff pages of one consultation: invite, check in, badges, statistics, export."""

import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iomcso.core.audit import Action, audit_record
from partners.selectors import organizations_with_serious_concern

from .. import exports, selectors, services
from ..letters import badges_pdf
from ..models import Consultation, Registration


class ConsultationPagesMixin(admin.ModelAdmin):
    """The staff pages of one consultation, on ``ConsultationAdmin``: invitations to send,
    check-in, badges, statistics and the participants' export."""

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path("<int:pk>/invite/", wrap(self.invite_view), name="consultations_invite"),
            path("<int:pk>/check-in/", wrap(self.check_in_view), name="consultations_check_in"),
            path("<int:pk>/badges/", wrap(self.badges_view), name="consultations_badges"),
            path(
                "<int:pk>/badges.pdf", wrap(self.badges_pdf_view), name="consultations_badges_pdf"
            ),
            path(
                "<int:pk>/statistics/", wrap(self.statistics_view), name="consultations_statistics"
            ),
            path(
                "<int:pk>/participants.<str:file_format>",
                wrap(self.export_view),
                name="consultations_export",
            ),
            *super().get_urls(),
        ]

    def _consultation(self, request, pk: int, *, change: bool = False) -> Consultation:
        consultation = get_object_or_404(Consultation.objects.select_related("series"), pk=pk)
        allowed = (
            self.has_change_permission(request, consultation)
            if change
            else self.has_view_permission(request, consultation)
        )
        if not allowed:
            raise PermissionDenied
        return consultation

    def _context(self, request, consultation: Consultation, title: str | Promise, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": consultation,
            "consultation": consultation,
            "title": title,
            **extra,
        }

    def invite_view(self, request, pk: int):
        """Choose organizations with the registry's filters and send invitations."""
        consultation = self._consultation(request, pk, change=request.method == "POST")
        if request.method == "POST":
            ids = [int(value) for value in request.POST.getlist("organization") if value.isdigit()]
            try:
                sent = services.invitations_send(
                    consultation=consultation, organization_ids=ids, actor=request.user
                )
            except services.InvalidTransition as error:
                self.message_user(request, str(error), level=messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
                    % {"count": sent},
                    level=messages.SUCCESS,
                )
            return redirect(request.get_full_path())
        found = selectors.organizations_to_invite(params=request.GET, consultation=consultation)
        invitations = consultation.invitations.select_related("organization")
        return TemplateResponse(
            request,
            "consultations/staff/invite.html",
            self._context(
                request,
                consultation,
                _("Invite organizations"),
                invitations=invitations,
                **found,
            ),
        )

    def check_in_view(self, request, pk: int):
        """The check-in list of the day: printable, and usable on a phone."""
        consultation = self._consultation(request, pk, change=request.method == "POST")
        status = 200
        if request.method == "POST":
            registration_id = request.POST.get("registration", "")
            if not re.fullmatch(r"[0-9]{1,18}", registration_id):
                # A tampered or truncated form: say so on the list, as a 400, not a 500.
                self.message_user(
                    request,
                    _("This delegate could not be found on the list; search again."),
                    level=messages.ERROR,
                )
                status = 400
            else:
                self._check_in_post(request, consultation, int(registration_id))
                return redirect(request.get_full_path())
        delegates = selectors.check_in_list(consultation=consultation)
        query = request.GET.get("q", "").strip()
        if query:
            delegates = delegates.filter(full_name__icontains=query) | delegates.filter(
                organization__name__icontains=query
            )
        rows = list(delegates)
        concerns = organizations_with_serious_concern({d.organization_id for d in rows})
        for delegate in rows:
            # A flag for the template only, not a field of the model.
            delegate.serious_concern = delegate.organization_id in concerns  # type: ignore[attr-defined]
        return TemplateResponse(
            request,
            "consultations/staff/check_in.html",
            self._context(
                request,
                consultation,
                _("Check-in list"),
                delegates=rows,
                query=query,
                present=sum(d.attendance == Registration.Attendance.PRESENT for d in rows),
            ),
            status=status,
        )

    def _check_in_post(self, request, consultation, registration_id: int) -> None:
        registration = get_object_or_404(
            Registration, pk=registration_id, consultation=consultation
        )
        checking_in = request.POST.get("attendance") != "no_show"
        service = (
            services.registration_check_in if checking_in else services.registration_mark_no_show
        )
        try:
            registration = service(registration=registration, actor=request.user)
        except services.InvalidTransition as error:
            self.message_user(request, str(error), level=messages.WARNING)
        else:
            self.message_user(
                request,
                _("%(name)s: %(attendance)s")
                % {
                    "name": registration.full_name,
                    "attendance": registration.get_attendance_display(),
                },
                level=messages.SUCCESS,
            )

    def badges_view(self, request, pk: int):
        consultation = self._consultation(request, pk)
        return TemplateResponse(
            request,
            "consultations/staff/badges.html",
            self._context(
                request,
                consultation,
                _("Badges and name list"),
                delegates=selectors.check_in_list(consultation=consultation),
            ),
        )

    def badges_pdf_view(self, request, pk: int):
        """The confirmed delegates' name badges as a PDF, printed in every script."""
        consultation = self._consultation(request, pk)
        pdf = badges_pdf(
            consultation=consultation,
            delegates=selectors.check_in_list(consultation=consultation),
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="badges-{consultation.slug}.pdf"'
        return response

    def statistics_view(self, request, pk: int):
        consultation = self._consultation(request, pk)
        return TemplateResponse(
            request,
            "consultations/staff/statistics.html",
            self._context(
                request,
                consultation,
                _("Statistics"),
                stats=selectors.staff_consultation_statistics(consultation=consultation),
            ),
        )

    def export_view(self, request, pk: int, file_format: str):
        consultation = self._consultation(request, pk)
        if file_format in ("csv", "xlsx"):
            audit_record(
                action=Action.EXPORT,
                request=request,
                target=consultation,
                message=f"participants.{file_format}",
            )
        if file_format == "csv":
            return exports.participants_csv_response(consultation=consultation)
        if file_format == "xlsx":
            return exports.participants_xlsx_response(consultation=consultation)
        raise PermissionDenied
