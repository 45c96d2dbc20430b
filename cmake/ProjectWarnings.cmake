# Warnings for code we own (not for SystemC, GoogleTest or Unicorn headers).
function(vp_project_target target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(VP_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
