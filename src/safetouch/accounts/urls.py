from django.contrib.auth import views as auth_views
from django.urls import path

from safetouch.accounts import twofactor, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/login/", views.Login.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/delete/", views.account_delete_view, name="account_delete"),
    path("account/two-factor/", twofactor.twofactor_setup, name="twofactor_setup"),
    path("account/two-factor/verify/", twofactor.twofactor_verify, name="twofactor_verify"),
]
