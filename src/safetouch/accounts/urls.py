from django.contrib.auth import views as auth_views
from django.urls import path

from safetouch.accounts import passwords, twofactor, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/login/", views.Login.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_reset/",
        passwords.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "account/password/",
        passwords.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("dashboard/first-steps/hide/", views.first_run_hide, name="first_run_hide"),
    path("account/settings/", views.account_settings, name="account_settings"),
    path("account/delete/", views.account_delete_view, name="account_delete"),
    path("account/two-factor/", twofactor.twofactor_setup, name="twofactor_setup"),
    path("account/two-factor/verify/", twofactor.twofactor_verify, name="twofactor_verify"),
]
