from django.urls import include, path

from mixmig.web.views import auth, home, identity, persons, registration, screening

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("register/", registration.register, name="register"),
    path("register/member-row/", registration.member_row, name="member_row"),
    path("register/document-row/", registration.document_row, name="document_row"),
    path("register/check-duplicates/", identity.check_duplicates, name="check_duplicates"),
    path("search/", persons.search, name="search"),
    path("persons/<str:number>/", persons.person, name="person"),
    path("registrations/<int:pk>/edit/", registration.edit_registration, name="edit_registration"),
    path("registrations/<int:pk>/screening-questions/", screening.questions, name="screening_questions"),
    path("registrations/<int:pk>/", persons.registration_link, name="registration_link"),
    path("identity/review/", identity.queue, name="identity_queue"),
    path("identity/review/<int:match_id>/", identity.match, name="identity_match"),
    path("identity/runs/", identity.runs, name="identity_runs"),
    path("identity/runs/start/", identity.start_run, name="identity_start_run"),
    path("merges/<int:merge_id>/unmerge/", identity.unmerge, name="unmerge"),
    path("screening/compare/", screening.compare, name="compare_packs"),
    path("", include("mixmig.web.referral_urls")),
    path("", include("mixmig.web.casework_urls")),
]
